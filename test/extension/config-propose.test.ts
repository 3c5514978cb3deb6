import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigGeneratorsRequest, ConfigProposeRequest } from '../../src/protocol/config';
import { SetTrustRequest } from '../../src/protocol/engine';
import { GanLensError } from '../../src/engine/util/errors';
import { startClient, type Harness } from './engine-harness';

const DEMO = resolve(__dirname, '../../demo');
let h: Harness;
let dir: string;

before(() => {
  h = startClient();
  dir = mkdtempSync(join(tmpdir(), 'gan-lens-propose-'));
  mkdirSync(join(dir, 'models'));
  for (const f of ['extractor.onnx', 'generator.onnx', 'test-network.onnx']) cpSync(join(DEMO, 'models', f), join(dir, 'models', f));
  cpSync(join(DEMO, 'data/val/images'), join(dir, 'tiles'), { recursive: true });
});
after(() => {
  h.client.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('config/generators finds the generators of a folder; config/propose proposes, then writes, a config that validates', async () => {
  await h.client.request(SetTrustRequest, { trusted: true, roots: [dir] });
  const gens = await h.client.request(ConfigGeneratorsRequest, { folder: dir });
  assert.deepEqual(gens.map((g) => g.file), [join(dir, 'models/generator.onnx')], 'the segmenters are not generators');
  assert.match(gens[0]!.summary, /^z \[128\] → image \[3, 128, 128\]$/);
  const file = join(dir, 'models/extractor-generator.ganlens.json');
  const request = { file, extractor: join(dir, 'models/extractor.onnx'), generator: gens[0]!.file, images: join(dir, 'tiles') };
  const proposed = await h.client.request(ConfigProposeRequest, request);
  assert.equal(proposed.written, false);
  assert.ok(!existsSync(file), 'a proposal writes nothing');
  assert.ok(proposed.notes.some((n) => /^pair: layer4\S* \(128×4×4\) → /.test(n)), proposed.notes.join('\n'));
  const written = await h.client.request(ConfigProposeRequest, { ...request, write: true });
  assert.equal(written.written, true);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), written.config);
  await assert.rejects(h.client.request(ConfigProposeRequest, { ...request, write: true }), (e: unknown) => e instanceof GanLensError && /exists/.test(e.message), 'never overwrites');
  await assert.rejects(h.client.request(ConfigProposeRequest, { ...request, images: tmpdir() }), (e: unknown) => e instanceof GanLensError && /outside the workspace/.test(e.message));
});

test("config/generators with role 'extractor' lists the networks with an image input (the reverse flow from a generator)", async () => {
  await h.client.request(SetTrustRequest, { trusted: true, roots: [dir] });
  const nets = await h.client.request(ConfigGeneratorsRequest, { folder: dir, role: 'extractor' });
  assert.deepEqual(nets.map((g) => g.file), [join(dir, 'models/extractor.onnx'), join(dir, 'models/test-network.onnx')], 'the generator is not an extractor');
  assert.match(nets[0]!.summary, /^image \[3, 128, 128\] → \S+ \[/);
  await assert.rejects(h.client.request(ConfigGeneratorsRequest, { folder: dir, role: 'painter' as 'extractor' }), (e: unknown) => e instanceof GanLensError && /'role' must be/.test(e.message));
});
