/**
 * Issue #19 "Painting works out of the box" and issue #20's noise seed, through the real engine process:
 * a workspace without a library for its generator gets the "has no vector library" error the Paint panel turns into
 * "Sample and name vectors now"; vectors/starter (one job, progress, cancel) makes a named library from the demo
 * models; the noise seed re-rolls what a generator with noise after LayerX paints, and nothing where noise is const.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { PaintCloseRequest, PaintOpenRequest, PaintRepaintRequest, VectorsStarterRequest } from '../../src/protocol/index';
import type { JobProgress } from '../../src/protocol/progress';
import { GanLensError } from '../../src/engine/util/errors';
import { loadVectorSetup } from '../../src/engine/vectors/setup';
import { openGeneratorParts } from '../../src/engine/vectors/parts';
import { sampleVectors } from '../../src/engine/vectors/sample';
import { libraryDir, openLibrary, updateLibrary } from '../../src/engine/vectors/library';
import { LAYER, tinyWorkspace } from '../engine/vectors/fixture';
import { startClient, type Harness } from './engine-harness';

const DEMO = resolve(__dirname, '../../demo');
let h: Harness;
let demoWs: string;

/** A copy of the demo world's models and config, without any vector library. */
function demoWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-starter-'));
  mkdirSync(join(dir, 'models'));
  for (const f of ['extractor.onnx', 'generator.onnx', 'test-network.onnx']) copyFileSync(join(DEMO, 'models', f), join(dir, 'models', f));
  const cfg = JSON.parse(readFileSync(join(DEMO, 'demo.ganlens.json'), 'utf8')) as Record<string, unknown> & { data: { val: { folder: string; masks: string } } };
  delete cfg.$schema;
  cfg.data.val = { folder: join(DEMO, 'data/val/images'), masks: join(DEMO, 'data/val/masks') };
  writeFileSync(join(dir, 'demo.ganlens.json'), JSON.stringify(cfg));
  return dir;
}

before(() => {
  h = startClient();
  demoWs = demoWorkspace();
});
after(() => h.client.dispose());

async function maskPng(w: number, hgt: number, paint: (x: number, y: number) => [number, number, number]): Promise<string> {
  const rgb = Buffer.alloc(w * hgt * 3);
  for (let y = 0; y < hgt; y++) for (let x = 0; x < w; x++) rgb.set(paint(x, y), (y * w + x) * 3);
  return (await sharp(rgb, { raw: { width: w, height: hgt, channels: 3 } }).png().toBuffer()).toString('base64');
}
const hex = (c: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];

test('no library for the generator: paint/open says so (the panel offers "Sample and name vectors now"), even beside another generator\'s library', async () => {
  const config = join(demoWs, 'demo.ganlens.json');
  const noLibrary = (e: unknown): boolean => e instanceof GanLensError && e.kind === 'bad-input' && /has no vector library/.test(e.message);
  await assert.rejects(h.client.request(PaintOpenRequest, { config }), noLibrary);
  // A library of a different generator in the same folder must not be painted with.
  const ws = demoWorkspace();
  const setup = await loadVectorSetup((await import('../../src/engine/config/load')).loadConfig(join(ws, 'demo.ganlens.json')), 'blocks.1');
  const vs = await sampleVectors(await openGeneratorParts(setup), { n: 1, seed: 0 });
  await updateLibrary(libraryDir(ws, 'wide'), { generator: 'models/generator-wide.onnx', layer: 'blocks.1', tensor: setup.layer.tensor, channels: setup.shape[0] }, (l) => {
    l.add(vs[0]!.vector, { name: 'x', provenance: vs[0]!.provenance });
  });
  await assert.rejects(h.client.request(PaintOpenRequest, { config: join(ws, 'demo.ganlens.json') }), noLibrary);
});

test('vectors/starter: one job samples, ranks and names one vector per segmenter class; then the panel paints with the names', async () => {
  const config = join(demoWs, 'demo.ganlens.json');
  const seen: JobProgress[] = [];
  const r = await h.client.runJob(VectorsStarterRequest, { config, n: 12, seed: 1, classNames: ['background', 'stroma', 'epithelium', 'tumour'] }, { onProgress: (p) => seen.push(p) });
  assert.equal(r.library, 'starter');
  assert.equal(r.layer, 'blocks.1', 'default LayerX: side 16 = output 128 / 8');
  assert.deepEqual(r.picks.map((p) => [p.classId, p.name]), [[0, 'background'], [1, 'stroma'], [2, 'epithelium'], [3, 'tumour']]);
  assert.equal(new Set(r.picks.map((p) => p.id)).size, 4, 'four different vectors');
  for (const p of r.picks) assert.ok(p.score > 0 && p.score <= 1 && p.tileability > -1 && p.tileability <= 1, JSON.stringify(p));
  assert.ok(seen.length > 0 && seen.some((p) => /naming/.test(p.message ?? '')), 'progress reaches the naming stage');
  const lib = openLibrary(libraryDir(demoWs, 'starter'));
  assert.equal(lib.meta.generator, 'models/generator.onnx');
  for (const e of lib.entries) {
    assert.equal(e.provenance.source, 'sample');
    assert.equal(e.provenance.seed, 1);
    assert.ok(e.tags.includes('starter'));
    assert.ok(Object.keys(e.scores).some((k) => /^class\d$/.test(k)) && 'tileability' in e.scores);
  }
  // Asking again for the same name is refused rather than overwriting.
  await assert.rejects(h.client.runJob(VectorsStarterRequest, { config, n: 2, library: 'starter' }), (e: unknown) => e instanceof GanLensError && /already exists/.test(e.message));

  const open = await h.client.request(PaintOpenRequest, { config });
  assert.equal(open.library, 'starter');
  assert.deepEqual(open.palette.map((p) => p.name), ['background', 'stroma', 'epithelium', 'tumour']);
  assert.deepEqual(open.noiseInputs, [], 'the demo generator has no noise inputs');
  await h.client.request(PaintCloseRequest, { sessionId: open.sessionId });
});

test('vectors/starter can be cancelled and then leaves no library', async () => {
  const ws = demoWorkspace();
  const controller = new AbortController();
  const job = h.client.runJob(VectorsStarterRequest, { config: join(ws, 'demo.ganlens.json'), n: 4000 }, { signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(job, (e: unknown) => e instanceof GanLensError && e.kind === 'cancelled');
  assert.equal(existsSync(join(libraryDir(ws, 'starter'), 'library.json')), false);
});

async function paintSession(noiseMode: 'const' | 'random') {
  const ws = tinyWorkspace(undefined, noiseMode);
  const parts = await openGeneratorParts(await loadVectorSetup(ws.config, 'up0'));
  const vs = await sampleVectors(parts, { n: 1, seed: 9 });
  await updateLibrary(libraryDir(ws.dir, 'tiny'), { generator: 'generator.onnx', layer: 'up0', tensor: LAYER, channels: 8 }, (l) => {
    l.add(vs[0]!.vector, { name: 'tumour', provenance: vs[0]!.provenance });
  });
  const open = await h.client.request(PaintOpenRequest, { config: ws.configFile });
  const [mh, mw] = open.maskSize;
  const mask = await maskPng(mw, mh, (x) => (x < 4 ? hex(open.palette[0]!.color) : hex(open.keepColor)));
  const paint = async (noiseSeed?: number): Promise<string> =>
    (await h.client.request(PaintRepaintRequest, { sessionId: open.sessionId, mask, seed: 5, ...(noiseSeed !== undefined ? { noiseSeed } : {}) })).images[0]!;
  return { open, paint };
}

test('noise seed: re-rolls the painted texture where noise is read after LayerX; the sample\'s own seed reproduces it', async () => {
  const { open, paint } = await paintSession('random');
  assert.deepEqual(open.noiseInputs, ['noise']);
  const own = await paint();
  assert.equal(await paint(5), own, 'noise seed = seed is the sample itself');
  const a = await paint(6);
  assert.notEqual(a, own, 'a new noise seed changes the image');
  assert.equal(await paint(6), a, 'deterministic per noise seed');
  assert.notEqual(await paint(7), a);
});

test('noise seed: no control and no effect where the config feeds constant noise', async () => {
  const { open, paint } = await paintSession('const');
  assert.deepEqual(open.noiseInputs, []);
  assert.equal(await paint(6), await paint(7));
});

test('vectors/starter refuses an extractor that does not segment, before sampling', async () => {
  const ws = tinyWorkspace(); // its extractor is a classifier: logits [N, K]
  const seen: JobProgress[] = [];
  await assert.rejects(h.client.runJob(VectorsStarterRequest, { config: ws.configFile, n: 8 }, { onProgress: (p) => seen.push(p) }), (e: unknown) => e instanceof GanLensError && e.kind === 'bad-input' && /segmentation network outputs \[N, classes, H, W\]/.test(e.message));
  assert.equal(seen.length, 0, 'nothing sampled');
});
