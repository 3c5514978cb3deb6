/**
 * Fuzz: valid small models mutated a few thousand times (bytes and protobuf fields). Every case must either load and
 * analyse, or fail with a GanLensError; none may crash or hang. onnxruntime runs (the probe) on a subset.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { create } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType as AT, AttributeProtoSchema, TensorShapeProto_DimensionSchema, type ModelProto } from '../../../src/engine/onnx/gen/onnx_pb';
import { checkOpset, parseModel, serializeModel } from '../../../src/engine/onnx/io';
import { analyzeModel } from '../../../src/engine/model/analyze';
import { cut, inject } from '../../../src/engine/onnx/surgery';
import { isGanLensError, errorMessage } from '../../../src/engine/util/errors';
import { openSession } from '../../../src/engine/runtime/session';
import { hostTensor, type HostTensor } from '../../../src/engine/onnx/tensor';
import type { NumericDType } from '../../../src/engine/onnx/dtype';
import type { ModelAnalysis } from '../../../src/protocol/model';
import { seededRandom, tinyExtractor, tinyGenerator } from '../../helpers/models';

const CASES_PER_KIND = 1500;
const PROBE_EVERY = 25;
const MAX_CASE_MS = 5000;

const rand = seededRandom(2024);
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

function mutateBytes(src: Uint8Array): Uint8Array {
  const b = new Uint8Array(src);
  switch (int(4)) {
    case 0: // flip a few bytes
      for (let k = 1 + int(8); k > 0; k--) b[int(b.length)] = int(256);
      return b;
    case 1: // truncate
      return b.subarray(0, int(b.length));
    case 2: { // insert junk
      const at = int(b.length);
      const junk = Uint8Array.from({ length: 1 + int(16) }, () => int(256));
      return Uint8Array.from([...b.subarray(0, at), ...junk, ...b.subarray(at)]);
    }
    default: // flip bits near the start, where graph structure lives
      for (let k = 1 + int(4); k > 0; k--) b[int(Math.min(b.length, 400))]! ^= 1 << int(8);
      return b;
  }
}

const HUGE = [0n, -1n, 2n ** 40n, 2n ** 62n, 7n, 1n];

/** One random protobuf-level damage. */
function mutateProto(m: ModelProto): void {
  const g = m.graph!;
  const node = pick(g.node);
  switch (int(13)) {
    case 0: { // wrong initializer dims
      const t = pick(g.initializer);
      if (rand() < 0.5) t.dims.push(BigInt(1 + int(4)));
      else t.dims[int(t.dims.length)] = pick(HUGE);
      break;
    }
    case 1: { // attribute of the wrong type
      const a = node.attribute.length ? pick(node.attribute) : undefined;
      if (a) a.type = pick([AT.FLOAT, AT.INT, AT.STRING, AT.INTS, AT.TENSOR, AT.GRAPH, 99 as AT]);
      break;
    }
    case 2: // dangling input
      node.input[int(node.input.length || 1)] = `missing_${int(100)}`;
      break;
    case 3: { // huge or negative input dims
      const v = pick(g.input);
      const dims = v.type?.value.case === 'tensorType' ? v.type.value.value.shape?.dim : undefined;
      if (dims?.length) dims[int(dims.length)] = create(TensorShapeProto_DimensionSchema, { value: { case: 'dimValue', value: pick(HUGE) } });
      break;
    }
    case 4: // bad attribute values
      node.attribute.push(create(AttributeProtoSchema, { name: pick(['strides', 'pads', 'kernel_shape', 'axis', 'perm', 'group', 'dilations']), type: AT.INTS, ints: [pick(HUGE), pick(HUGE)] }));
      break;
    case 5: // unknown op, custom domain
      if (rand() < 0.5) node.opType = pick(['Frobnicate', '', 'conv', 'Loop']);
      else node.domain = pick(['com.example', 'ai.onnx.ml', 'com.microsoft']);
      break;
    case 6: // opset out of range
      m.opsetImport[0]!.version = pick([0n, 1n, 6n, 18n, 24n, 99n, -3n]);
      break;
    case 7: // reorder nodes
      g.node.reverse();
      break;
    case 8: // drop a node or a graph output
      if (rand() < 0.5) g.node.splice(int(g.node.length), 1);
      else g.output.splice(0, 1);
      break;
    case 9: { // initializer data of the wrong size or type
      const t = pick(g.initializer);
      if (rand() < 0.5) t.rawData = t.rawData.subarray(0, int(t.rawData.length));
      else t.dataType = pick([0, 8, 13, 16, 99]);
      break;
    }
    case 10: // duplicate a node (tensor defined twice)
      g.node.push(node);
      break;
    case 11: // wrong element type of an input
      if (g.input[0]?.type?.value.case === 'tensorType') g.input[0].type.value.value.elemType = pick([0, 7, 9, 11, 16]);
      break;
    default: // renamed output
      node.output[0] = pick(['', 'image', node.input[0] ?? 'x', `new_${int(10)}`]);
  }
}

/** Opens an onnxruntime session on the (possibly damaged) model and runs it once. */
async function runOnce(m: ModelProto, a: ModelAnalysis): Promise<void> {
  const feeds: Record<string, HostTensor> = {};
  for (const input of a.summary.inputs) {
    const dtype = input.dtype as NumericDType;
    if (!['float32', 'int64'].includes(dtype)) return;
    const dims = input.shape.map((d) => (typeof d === 'number' ? d : 1));
    if (dims.reduce((p, q) => p * q, 1) > 2 ** 22) return;
    feeds[input.name] = hostTensor(dtype, dims);
  }
  const s = await openSession(m);
  await s.run(feeds);
}

interface Outcome {
  ok: number;
  failed: number;
  slowest: number;
}

async function attempt(bytes: Uint8Array, index: number, outcome: Outcome): Promise<void> {
  const start = Date.now();
  try {
    const m = parseModel(bytes, 'fuzz.onnx');
    checkOpset(m, 'fuzz.onnx');
    const a = await analyzeModel(m, { file: 'fuzz.onnx', probe: index % PROBE_EVERY === 0 });
    if (index % PROBE_EVERY === 0) await runOnce(m, a);
    const layer = a.layers[index % Math.max(1, a.layers.length)];
    if (layer) {
      serializeModel(cut(m, layer.tensor));
      if (layer.dtype !== 'unknown') serializeModel(inject(m, layer.tensor));
    }
    outcome.ok++;
  } catch (e) {
    if (!isGanLensError(e)) assert.fail(`case ${index}: not a GanLensError: ${e instanceof Error ? e.stack : errorMessage(e)}`);
    assert.ok(e.message.length > 10, `case ${index}: empty message`);
    outcome.failed++;
  }
  const ms = Date.now() - start;
  outcome.slowest = Math.max(outcome.slowest, ms);
  assert.ok(ms < MAX_CASE_MS, `case ${index} took ${ms} ms`);
}

const seeds = [serializeModel(tinyExtractor()), serializeModel(tinyGenerator())];

test('byte-level mutations: load and analyse, or a GanLensError', { timeout: 120_000 }, async (t) => {
  const outcome: Outcome = { ok: 0, failed: 0, slowest: 0 };
  for (let i = 0; i < CASES_PER_KIND; i++) await attempt(mutateBytes(seeds[i % 2]!), i, outcome);
  t.diagnostic(`loaded ${outcome.ok}, rejected ${outcome.failed}, slowest case ${outcome.slowest} ms`);
  assert.equal(outcome.ok + outcome.failed, CASES_PER_KIND);
  assert.ok(outcome.failed > CASES_PER_KIND / 10, `only ${outcome.failed} mutations were rejected`);
  assert.ok(outcome.ok > 10, `only ${outcome.ok} mutations loaded`);
});

test('protobuf-level mutations: load and analyse, or a GanLensError', { timeout: 120_000 }, async (t) => {
  const outcome: Outcome = { ok: 0, failed: 0, slowest: 0 };
  for (let i = 0; i < CASES_PER_KIND; i++) {
    const m = parseModel(seeds[i % 2]!);
    for (let k = 1 + int(3); k > 0; k--) mutateProto(m);
    let bytes: Uint8Array;
    try {
      bytes = serializeModel(m);
    } catch {
      continue; // protobuf-es refuses to encode some invalid values (e.g. an enum out of range): nothing to load
    }
    await attempt(bytes, i, outcome);
  }
  t.diagnostic(`loaded ${outcome.ok}, rejected ${outcome.failed}, slowest case ${outcome.slowest} ms`);
  assert.ok(outcome.failed > CASES_PER_KIND / 4, `only ${outcome.failed} mutations were rejected`);
  assert.ok(outcome.ok > 10, `only ${outcome.ok} mutations loaded`);
});
