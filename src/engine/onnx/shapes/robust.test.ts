/**
 * Inference must not throw on what exporters (or damaged files) put in attributes and inputs: an op with attributes
 * of the wrong type, out-of-range axes or negative sizes leaves its outputs unknown. Before the rules became a
 * table one case threw and was swallowed (ConstantOfShape of a negative size); no rule may throw now.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { create } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType as AT, AttributeProtoSchema, type AttributeProto } from '../gen/onnx_pb';
import { graph, node, valueInfo } from '../builder';
import { f32, i64, tensorToProto } from '../tensor';
import { errorMessage } from '../../util/errors';
import { runInference, SHAPE_RULES } from './index';

const CASES = 4000;

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

test('no rule throws on malformed attributes and inputs', () => {
  const rand = lcg(21);
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const nums = [0, 1, -1, 2, 3, -2, 7, 100, -100, 2 ** 40];
  const names = ['axis', 'axes', 'perm', 'kernel_shape', 'strides', 'pads', 'dilations', 'group', 'keepdims', 'to', 'blocksize', 'split', 'starts', 'ends', 'start', 'end', 'transA', 'transB', 'ceil_mode', 'auto_pad', 'output_shape', 'output_padding', 'value', 'scales', 'value_int', 'value_ints', 'value_floats'];
  const attribute = (): AttributeProto => {
    const name = pick(names);
    switch (int(5)) {
      case 0: return create(AttributeProtoSchema, { name, type: AT.INT, i: BigInt(pick(nums)) });
      case 1: return create(AttributeProtoSchema, { name, type: AT.INTS, ints: Array.from({ length: int(6) }, () => BigInt(pick(nums))) });
      case 2: return create(AttributeProtoSchema, { name, type: AT.FLOATS, floats: Array.from({ length: int(5) }, () => pick(nums) / 2) });
      case 3: return create(AttributeProtoSchema, { name, type: AT.STRING, s: new TextEncoder().encode(pick(['SAME_UPPER', 'VALID', 'NOTSET', '?'])) });
      default: return create(AttributeProtoSchema, { name, type: AT.TENSOR, t: tensorToProto('', i64([3], [pick(nums), pick(nums), 1])) });
    }
  };
  const ops = [...SHAPE_RULES.keys(), 'NoSuchOp'];
  for (let c = 0; c < CASES; c++) {
    const op = pick(ops);
    const dims = Array.from({ length: int(6) }, () => (rand() < 0.2 ? 'N' : pick([0, 1, 2, 3, 4, 8])));
    const ints = (len: number) => i64([len], Array.from({ length: len }, () => pick(nums)));
    const n = node(op, Array.from({ length: int(6) }, () => pick(['x', 's', 'c1', 'c2', 'f', 'w', '', 'missing'])), Array.from({ length: 1 + int(3) }, (_, i) => `o${i}`));
    n.attribute = Array.from({ length: int(4) }, attribute);
    const g = graph({
      nodes: [node('Shape', ['x'], ['s']), n],
      inputs: [valueInfo('x', pick(['float32', 'int64'] as const), dims)],
      outputs: [],
      initializers: [
        tensorToProto('c1', ints(int(5))),
        tensorToProto('c2', ints(int(3))),
        tensorToProto('f', f32([2], [pick(nums) / 2, 1])),
        tensorToProto('w', f32(Array.from({ length: int(5) }, () => pick([1, 2, 3])))),
      ],
    });
    try {
      runInference(g);
    } catch (e) {
      assert.fail(`case ${c} (${op}, x ${JSON.stringify(dims)}, inputs ${n.input.join(',')}): ${errorMessage(e)}`);
    }
  }
});
