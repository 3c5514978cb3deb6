import { test } from 'node:test';
import assert from 'node:assert/strict';
import { node } from '../../../src/engine/onnx/builder';
import { nameLayers, parseScope } from '../../../src/engine/onnx/names';

/** A node named the way torch 1.13's exporter names it: output `<node name>_output_0`. */
function torchNode(op: string, scopeName: string, inputs: string[]): ReturnType<typeof node> {
  return node(op, inputs, [`${scopeName}_output_0`], {}, scopeName);
}

test('parseScope composes torch module paths', () => {
  assert.deepEqual(parseScope('/layer1/layer1.2/relu_2/Relu'), { modules: ['layer1', 'layer1.2', 'layer1.2.relu_2'], op: 'Relu' });
  assert.deepEqual(parseScope('/Flatten'), { modules: [], op: 'Flatten' });
  assert.deepEqual(parseScope('/synthesis/b64/conv0/Conv'), { modules: ['synthesis', 'synthesis.b64', 'synthesis.b64.conv0'], op: 'Conv' });
  assert.deepEqual(parseScope('/layer1/layer1.0/downsample/downsample.0/Conv')?.modules.at(-1), 'layer1.0.downsample.0');
  assert.equal(parseScope('Conv_12'), null);
  assert.equal(parseScope('//x'), null);
});

// The tail of a torchvision ResNet bottleneck as torch.onnx 1.13 exports it (names copied from a real export).
const resnetTail = [
  torchNode('MaxPool', '/maxpool/MaxPool', ['/relu/Relu_output_0']),
  torchNode('Conv', '/layer1/layer1.0/conv3/Conv', ['/maxpool/MaxPool_output_0', 'onnx::Conv_506']),
  torchNode('Conv', '/layer1/layer1.0/downsample/downsample.0/Conv', ['/maxpool/MaxPool_output_0', 'onnx::Conv_509']),
  torchNode('Add', '/layer1/layer1.0/Add', ['/layer1/layer1.0/conv3/Conv_output_0', '/layer1/layer1.0/downsample/downsample.0/Conv_output_0']),
  torchNode('Relu', '/layer1/layer1.0/relu_2/Relu', ['/layer1/layer1.0/Add_output_0']),
  torchNode('Conv', '/layer1/layer1.1/conv1/Conv', ['/layer1/layer1.0/relu_2/Relu_output_0', 'onnx::Conv_512']),
  torchNode('Add', '/layer1/layer1.1/Add', ['/layer1/layer1.1/conv1/Conv_output_0', '/layer1/layer1.0/relu_2/Relu_output_0']),
  torchNode('Relu', '/layer1/layer1.1/relu_2/Relu', ['/layer1/layer1.1/Add_output_0']),
  torchNode('GlobalAveragePool', '/avgpool/GlobalAveragePool', ['/layer1/layer1.1/relu_2/Relu_output_0']),
  torchNode('Flatten', '/Flatten', ['/avgpool/GlobalAveragePool_output_0']),
  node('Gemm', ['/Flatten_output_0', 'fc.weight', 'fc.bias'], ['logits'], {}, '/fc/Gemm'),
];

test('torch export names become module paths', () => {
  const n = nameLayers(resnetTail, ['logits']);
  assert.equal(n.nameOf.get('/layer1/layer1.0/relu_2/Relu_output_0'), 'layer1.0.relu_2');
  assert.equal(n.nameOf.get('/layer1/layer1.0/downsample/downsample.0/Conv_output_0'), 'layer1.0.downsample.0');
  // An op directly inside a module that has sub-modules keeps its op part, so it never shadows the module alias.
  assert.equal(n.nameOf.get('/layer1/layer1.0/Add_output_0'), 'layer1.0.Add');
  assert.equal(n.nameOf.get('/Flatten_output_0'), 'Flatten');
  assert.equal(n.nameOf.get('/maxpool/MaxPool_output_0'), 'maxpool');
  // A renamed graph output keeps its name; its module becomes an alias.
  assert.equal(n.nameOf.get('logits'), 'logits');
  assert.equal(n.tensorOf.get('layer1.0.relu_2'), '/layer1/layer1.0/relu_2/Relu_output_0');
});

test('module aliases point at the tensor that leaves the module last', () => {
  const n = nameLayers(resnetTail, ['logits']);
  assert.equal(n.aliasTarget.get('layer1'), '/layer1/layer1.1/relu_2/Relu_output_0');
  assert.equal(n.aliasTarget.get('layer1.0'), '/layer1/layer1.0/relu_2/Relu_output_0');
  assert.equal(n.aliasTarget.get('layer1.0.downsample'), '/layer1/layer1.0/downsample/downsample.0/Conv_output_0');
  assert.equal(n.aliasTarget.get('fc'), 'logits');
  assert.deepEqual(n.aliasesOf.get('/layer1/layer1.1/relu_2/Relu_output_0'), ['layer1.1', 'layer1']);
  assert.deepEqual(n.aliasesOf.get('logits'), ['fc']);
  // The readable name is not repeated as an alias.
  assert.equal(n.aliasesOf.get('/maxpool/MaxPool_output_0'), undefined);
});

test('StyleGAN-like scopes give synthesis.b64.conv0 aliases; constants are not module outputs', () => {
  const nodes = [
    node('Constant', [], ['/synthesis/b64/conv0/Constant_output_0'], {}, '/synthesis/b64/conv0/Constant'),
    torchNode('Mul', '/synthesis/b64/conv0/Mul', ['w', '/synthesis/b64/conv0/Constant_output_0']),
    torchNode('Conv', '/synthesis/b64/conv0/Conv', ['x', '/synthesis/b64/conv0/Mul_output_0']),
    torchNode('Add', '/synthesis/b64/conv0/Add', ['/synthesis/b64/conv0/Conv_output_0', 'noise']),
    torchNode('Conv', '/synthesis/b64/conv1/Conv', ['/synthesis/b64/conv0/Add_output_0', 'w1']),
  ];
  const n = nameLayers(nodes, ['/synthesis/b64/conv1/Conv_output_0']);
  assert.equal(n.aliasTarget.get('synthesis.b64.conv0'), '/synthesis/b64/conv0/Add_output_0');
  assert.equal(n.nameOf.get('/synthesis/b64/conv0/Add_output_0'), 'synthesis.b64.conv0.Add');
  assert.equal(n.nameOf.get('/synthesis/b64/conv1/Conv_output_0'), 'synthesis.b64.conv1');
  assert.equal(n.aliasTarget.get('synthesis.b64'), '/synthesis/b64/conv1/Conv_output_0');
  assert.equal(n.aliasTarget.get('synthesis'), '/synthesis/b64/conv1/Conv_output_0');
});

test('names from other exporters are kept', () => {
  const nodes = [node('Conv', ['input', 'W'], ['conv1_out'], {}, 'Conv_0'), node('Relu', ['conv1_out'], ['123'], {}, 'Relu_1')];
  const n = nameLayers(nodes, ['123']);
  assert.equal(n.nameOf.get('conv1_out'), 'conv1_out');
  assert.equal(n.nameOf.get('123'), '123');
  assert.equal(n.aliasTarget.size, 0);
});
