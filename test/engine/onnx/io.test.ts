import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, truncateSync, unlinkSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModel, readModel, serializeModel, writeModel } from '../../../src/engine/onnx/io';
import { TensorProto_DataLocation } from '../../../src/engine/onnx/gen/onnx_pb';
import { openSession } from '../../../src/engine/runtime/session';
import { analyzeModel } from '../../../src/engine/model/analyze';
import { isGanLensError } from '../../../src/engine/util/errors';
import { randomF32, tinyExtractor } from '../../helpers/models';

const image = randomF32([1, 3, 32, 32], 3);

test('external data: write with forceExternal, read back the same bytes, run the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-io-'));
  const path = join(dir, 'ext.onnx');
  const original = tinyExtractor();
  writeModel(path, original, { forceExternal: true, externalDataThreshold: 16 });
  assert.ok(existsSync(`${path}.data`));
  const onDisk = parseModel(readFileSync(path));
  const external = onDisk.graph!.initializer.filter((t) => t.dataLocation === TensorProto_DataLocation.EXTERNAL);
  assert.equal(external.length, 6);
  assert.ok(statSync(path).size < 2000);

  const inlined = readModel(path);
  for (const t of original.graph!.initializer) {
    const back = inlined.graph!.initializer.find((x) => x.name === t.name)!;
    assert.ok(Buffer.from(back.rawData).equals(Buffer.from(t.rawData)), t.name);
    assert.equal(back.dataLocation, TensorProto_DataLocation.DEFAULT);
  }
  const expected = (await (await openSession(original)).run({ image }))['logits']!;
  const viaInline = (await (await openSession(inlined)).run({ image }))['logits']!;
  const kept = readModel(path, { externalData: 'keep' });
  const viaKept = (await (await openSession(kept)).run({ image }))['logits']!;
  assert.deepEqual([...viaInline.data], [...expected.data]);
  assert.deepEqual([...viaKept.data], [...expected.data]);
  // a kept model written elsewhere carries its data along
  const copy = join(dir, 'copy.onnx');
  writeModel(copy, kept);
  assert.deepEqual([...((await (await openSession(readModel(copy))).run({ image }))['logits']!.data)], [...expected.data]);
});

test('missing or truncated external data is bad input naming the files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-io-'));
  const path = join(dir, 'ext.onnx');
  writeModel(path, tinyExtractor(), { forceExternal: true, externalDataThreshold: 16 });
  truncateSync(`${path}.data`, 100);
  assert.throws(() => readModel(path), (e: unknown) => isGanLensError(e) && /lies outside/.test(e.message) && /ext\.onnx\.data/.test(e.message));
  unlinkSync(`${path}.data`);
  assert.throws(() => readModel(path), (e: unknown) => isGanLensError(e) && e.kind === 'bad-input' && /ext\.onnx\.data.*missing/.test(e.message) && /Copy ext\.onnx\.data next to ext\.onnx/.test(e.message));
});

test('unknown fields survive a read/write round trip', () => {
  const bytes = serializeModel(tinyExtractor());
  // field 99 (varint 42) and field 100 (length-delimited "hi") appended at model level, unknown to onnx.proto
  const extra = Uint8Array.from([0x98, 0x06, 42, 0xa2, 0x06, 2, 0x68, 0x69]);
  const withUnknown = Uint8Array.from([...bytes, ...extra]);
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-io-'));
  writeFileSync(join(dir, 'u.onnx'), withUnknown);
  const m = readModel(join(dir, 'u.onnx'));
  writeModel(join(dir, 'u2.onnx'), m);
  const back = readFileSync(join(dir, 'u2.onnx'));
  assert.ok(Buffer.from(back).equals(Buffer.from(withUnknown)));
});

test('non-ONNX files, truncated models and unsupported opsets are bad input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-io-'));
  const good = serializeModel(tinyExtractor());
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['checkpoint.pt', 'PK\u0003\u0004 torch zip archive', /checkpoint\.pt is not a valid ONNX model|checkpoint\.pt holds no ONNX graph/],
    ['pointer.onnx', 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n', /pointer\.onnx/],
    ['half.onnx', good.subarray(0, Math.floor(good.length / 2)), /half\.onnx/],
    ['empty.onnx', new Uint8Array(0), /empty\.onnx is empty/],
  ];
  for (const [name, content, pattern] of cases) {
    writeFileSync(join(dir, name), content);
    await assert.rejects(analyzeModel(join(dir, name)), (e: unknown) => isGanLensError(e) && e.kind === 'bad-input' && pattern.test(e.message), name);
  }
  const old = tinyExtractor();
  old.opsetImport[0]!.version = 5n;
  writeModel(join(dir, 'old.onnx'), old);
  await assert.rejects(analyzeModel(join(dir, 'old.onnx')), (e: unknown) => isGanLensError(e) && /opset 5/.test(e.message) && /opset_version=17/.test(e.message));
  const dangling = tinyExtractor();
  dangling.graph!.node[2]!.input[0] = 'nowhere';
  writeModel(join(dir, 'dangling.onnx'), dangling);
  await assert.rejects(analyzeModel(join(dir, 'dangling.onnx')), (e: unknown) => isGanLensError(e) && /reads 'nowhere'/.test(e.message) && /dangling\.onnx/.test(e.message));
});
