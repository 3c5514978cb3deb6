import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compose, cut, inject } from '../../../src/engine/onnx/surgery';
import { graph, model, node, valueInfo } from '../../../src/engine/onnx/builder';
import { parseModel, serializeModel } from '../../../src/engine/onnx/io';
import { f32, i64, tensorToProto, type HostTensor } from '../../../src/engine/onnx/tensor';
import type { ModelProto } from '../../../src/engine/onnx/gen/onnx_pb';
import { openSession } from '../../../src/engine/runtime/session';
import { isGanLensError } from '../../../src/engine/util/errors';
import { randomF32, tinyExtractor, tinyGenerator } from '../../helpers/models';

/**
 * Runs a model through bytes, as a file would go: the surgery result must be a valid, self-contained model. Feeds
 * that are not inputs of the model are left out. Basic graph optimisations only: onnxruntime's fusions (Conv+Add,
 * Conv+activation) change float rounding depending on where a graph starts, so bit equality holds at this level.
 */
async function run(m: ModelProto, feeds: Record<string, HostTensor>, outputs?: string[]): Promise<Record<string, HostTensor>> {
  const s = await openSession(parseModel(serializeModel(m)), { optimization: 'basic' });
  const used = Object.fromEntries(Object.entries(feeds).filter(([k]) => s.inputNames.includes(k)));
  return s.run(used, outputs);
}

function assertBitEqual(a: HostTensor, b: HostTensor, what: string): void {
  assert.deepEqual(a.dims, b.dims, `${what}: dims`);
  assert.ok(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength)), `${what}: bits differ`);
}

const image = randomF32([2, 3, 32, 32], 99);
const genFeeds = { z: randomF32([2, 16], 7), noise: randomF32([2, 1, 16, 16], 8), class: i64([2], [1, 3]) };

test('inject(m, t) fed with cut(m, t) reproduces m bit for bit, at every intermediate tensor', async () => {
  const m = tinyExtractor();
  const full = await run(m, { image });
  const tensors = m.graph!.node.flatMap((n) => n.output).filter((t) => t !== 'logits');
  assert.equal(tensors.length, 9);
  for (const t of tensors) {
    const head = cut(m, t);
    const mid = (await run(head, { image }))[t]!;
    const tail = inject(m, t);
    assert.equal(tail.graph!.input[0]!.name, t);
    // inside the residual block the skip connection still needs the image
    const residual = t === '/block1/conv/Conv_output_0';
    assert.deepEqual(tail.graph!.input.map((i) => i.name), residual ? [t, 'image'] : [t]);
    assertBitEqual((await run(tail, { [t]: mid, image }))['logits']!, full['logits']!, `split at ${t}`);
  }
});

test('generator: inject keeps the inputs still read (noise) and drops the others', async () => {
  const m = tinyGenerator();
  const full = await run(m, genFeeds);
  const t = '/up0/act/Relu_output_0';
  const mid = (await run(cut(m, t), genFeeds))[t]!;
  const tail = inject(m, t);
  assert.deepEqual(tail.graph!.input.map((i) => i.name), [t, 'noise']);
  assert.deepEqual(tail.graph!.initializer.map((i) => i.name).sort(), ['scales2', 'to_rgb.weight', 'up1.conv.weight']);
  assertBitEqual((await run(tail, { [t]: mid, noise: genFeeds.noise }))['image_out']!, full['image_out']!, 'generator');
  const kept = inject(m, t, { keepUnusedInputs: true });
  assert.deepEqual(kept.graph!.input.map((i) => i.name), [t, 'z', 'noise', 'class']);
  // the injected input carries type and shape, symbolic batch included
  const type = kept.graph!.input[0]!.type!.value;
  assert.equal(type.case, 'tensorType');
  const dims = type.case === 'tensorType' ? type.value.shape?.dim.map((d) => d.value.value) : undefined;
  assert.deepEqual(dims, ['batch', 8n, 8n, 8n]);
});

test('cut keeps only the nodes, inputs and initializers it needs', () => {
  const head = cut(tinyGenerator(), '/up0/act/Relu_output_0');
  assert.deepEqual(head.graph!.node.map((n) => n.opType), ['Gather', 'Gemm', 'Add', 'Reshape', 'ConvTranspose', 'Relu']);
  assert.deepEqual(head.graph!.input.map((i) => i.name), ['z', 'class']);
  assert.deepEqual(head.graph!.initializer.map((i) => i.name).sort(), ['embed.weight', 'fc.bias', 'fc.weight', 'shape_4x4', 'up0.conv.weight']);
  assert.deepEqual(head.graph!.output.map((o) => o.name), ['/up0/act/Relu_output_0']);
  // the original model is untouched
  assert.equal(tinyGenerator().graph!.node.length, 12);
});

test('inject at one output of a multi-output node keeps the node for its other outputs', async () => {
  const m = model(
    graph({
      nodes: [node('Split', ['x'], ['a', 'b'], { axis: 1 }), node('Relu', ['a'], ['ra']), node('Sigmoid', ['b'], ['sb']), node('Concat', ['ra', 'sb'], ['y'], { axis: 1 })],
      inputs: [valueInfo('x', 'float32', [1, 4])],
      outputs: [valueInfo('y', 'float32', [1, 4])],
    }),
  );
  const x = f32([1, 4], [-1, 2, -3, 4]);
  const full = (await run(m, { x }))['y']!;
  const a = (await run(cut(m, 'a'), { x }))['a']!;
  const tail = inject(m, 'a');
  assert.deepEqual(tail.graph!.input.map((i) => i.name), ['a', 'x']);
  assertBitEqual((await run(tail, { a, x }))['y']!, full, 'split');
});

test('unknown tensors are bad input naming the tensor', () => {
  for (const f of [() => cut(tinyExtractor(), 'nope'), () => inject(tinyExtractor(), 'nope'), () => inject(tinyExtractor(), 'image')]) {
    assert.throws(f, (e: unknown) => isGanLensError(e) && e.kind === 'bad-input' && e.details.tensor !== undefined && /gan-lens layers/.test(e.message));
  }
});

test('compose: extractor prefix → 1x1 conv → resize → generator suffix equals running the pieces', async () => {
  const a = '/block1/act/Relu_output_0'; // [batch, 8, 16, 16]
  const b = '/up0/act/Relu_output_0'; // [batch, 8, 8, 8]
  const w = tensorToProto('stitch.weight', randomF32([8, 8, 1, 1], 21));
  const bias = tensorToProto('stitch.bias', randomF32([8], 22));
  const scales = tensorToProto('stitch.scales', f32([4], [1, 1, 0.5, 0.5]));
  const stitched = compose({
    parts: [{ model: cut(tinyExtractor(), a), prefix: 'x/' }, { model: inject(tinyGenerator(), b), prefix: 'g/' }],
    nodes: [
      node('Conv', [`x/${a}`, 'stitch.weight', 'stitch.bias'], ['stitch/conv'], {}, 'stitch/Conv'),
      node('Resize', ['stitch/conv', '', 'stitch.scales'], ['stitch/resized'], { mode: 'nearest' }, 'stitch/Resize'),
    ],
    initializers: [w, bias, scales],
    connect: { [`g/${b}`]: 'stitch/resized' },
  });
  assert.deepEqual(stitched.graph!.input.map((i) => i.name), ['x/image', 'g/noise']);
  assert.deepEqual(stitched.graph!.output.map((o) => o.name), ['g/image_out']);

  const act = (await run(cut(tinyExtractor(), a), { image }))[a]!;
  const bridge = model(
    graph({
      nodes: [node('Conv', ['a', 'stitch.weight', 'stitch.bias'], ['c']), node('Resize', ['c', '', 'stitch.scales'], ['r'], { mode: 'nearest' })],
      inputs: [valueInfo('a', 'float32', ['batch', 8, 16, 16])],
      outputs: [valueInfo('r', 'float32')],
      initializers: [w, bias, scales],
    }),
  );
  const t = (await run(bridge, { a: act }))['r']!;
  const expected = (await run(inject(tinyGenerator(), b), { [b]: t, noise: genFeeds.noise }))['image_out']!;
  const got = (await run(stitched, { 'x/image': image, 'g/noise': genFeeds.noise }))['g/image_out']!;
  assertBitEqual(got, expected, 'composed');
});

test('compose refuses colliding names and unknown connections', () => {
  assert.throws(
    () => compose({ parts: [{ model: tinyExtractor(), prefix: '' }, { model: tinyExtractor(), prefix: '' }] }),
    (e: unknown) => isGanLensError(e) && /defined by both/.test(e.message),
  );
  assert.throws(
    () => compose({ parts: [{ model: tinyExtractor(), prefix: 'a/' }], connect: { 'a/nope': 'a/image' } }),
    (e: unknown) => isGanLensError(e) && /not an input/.test(e.message),
  );
  const twice = compose({ parts: [{ model: tinyExtractor(), prefix: 'a/' }, { model: tinyExtractor(), prefix: 'b/' }], outputs: ['a/logits', 'b/logits'] });
  assert.equal(twice.graph!.node.length, 20);
  assert.deepEqual(twice.graph!.input.map((i) => i.name), ['a/image', 'b/image']);
});
