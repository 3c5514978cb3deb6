/** paint/*, vectors/list and evaluate/report against the real engine on the tiny vector workspace. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { EvaluateReportRequest } from '../../src/protocol/evaluate';
import { PaintBatchRequest, PaintCloseRequest, PaintExportRequest, PaintOpenRequest, PaintRepaintRequest } from '../../src/protocol/paint';
import { VectorsListRequest, VectorsRankRequest, VectorsAddRequest } from '../../src/protocol/vectors';
import { GanLensError } from '../../src/engine/util/errors';
import { loadVectorSetup } from '../../src/engine/vectors/setup';
import { openGeneratorParts } from '../../src/engine/vectors/parts';
import { sampleVectors } from '../../src/engine/vectors/sample';
import { libraryDir, updateLibrary } from '../../src/engine/vectors/library';
import { LAYER, tinyWorkspace } from '../engine/vectors/fixture';
import { startClient, type Harness } from './engine-harness';

let h: Harness;
let ws: ReturnType<typeof tinyWorkspace>;

before(async () => {
  h = startClient();
  ws = tinyWorkspace();
  const parts = await openGeneratorParts(await loadVectorSetup(ws.config, 'up0'));
  const vs = await sampleVectors(parts, { n: 2, seed: 9 });
  await updateLibrary(libraryDir(ws.dir, 'tiny'), { generator: ws.config.generator.model, layer: 'up0', tensor: LAYER, channels: 8 }, (l) => {
    l.add(vs[0]!.vector, { name: 'tumour', provenance: vs[0]!.provenance, scores: { tileability: 0.7 } });
    l.add(vs[1]!.vector, { name: 'stroma', provenance: vs[1]!.provenance });
  });
});
after(() => h.client.dispose());

async function maskPng(w: number, hgt: number, paint: (x: number, y: number) => [number, number, number]): Promise<string> {
  const rgb = Buffer.alloc(w * hgt * 3);
  for (let y = 0; y < hgt; y++) for (let x = 0; x < w; x++) rgb.set(paint(x, y), (y * w + x) * 3);
  return (await sharp(rgb, { raw: { width: w, height: hgt, channels: 3 } }).png().toBuffer()).toString('base64');
}

test('vectors/list names the libraries and the entries the palette is made of', async () => {
  const r = await h.client.request(VectorsListRequest, { workspace: ws.dir });
  assert.deepEqual(r.libraries, ['tiny']);
  assert.equal(r.library?.tensor, LAYER);
  assert.deepEqual(r.library?.entries.map((e) => [e.name, e.scores.tileability]), [['tumour', 0.7], ['stroma', undefined]]);
});

test('paint/open makes a palette from the library; repaint changes exactly what is painted; export and batch write files', async () => {
  const open = await h.client.request(PaintOpenRequest, { config: ws.configFile });
  assert.equal(open.library, 'tiny');
  assert.deepEqual(open.palette.map((p) => p.name), ['tumour', 'stroma']);
  assert.deepEqual(open.maskSize, [8, 8]);
  assert.equal(new Set([...open.palette.map((p) => p.color), open.keepColor]).size, 3, 'distinct colours');
  const [mh, mw] = open.maskSize;
  const hex = (c: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
  const keep = await maskPng(mw, mh, () => hex(open.keepColor));
  const painted = await maskPng(mw, mh, (x) => (x < 4 ? hex(open.palette[0]!.color) : hex(open.keepColor)));
  const plain = await h.client.request(PaintRepaintRequest, { sessionId: open.sessionId, mask: keep, seed: 5 });
  const again = await h.client.request(PaintRepaintRequest, { sessionId: open.sessionId, mask: keep, seed: 5 });
  const paintedR = await h.client.request(PaintRepaintRequest, { sessionId: open.sessionId, mask: painted, seed: 5, variations: 2, vary: 'noise' });
  assert.equal(plain.images.length, 1);
  assert.equal(paintedR.images.length, 2);
  assert.equal(plain.images[0], again.images[0], 'deterministic for a seed');
  assert.notEqual(paintedR.images[0], plain.images[0], 'painting changes the image');
  assert.ok(paintedR.ms >= paintedR.paintMs && paintedR.paintMs > 0);

  const out = join(ws.dir, 'export');
  const exported = await h.client.request(PaintExportRequest, { sessionId: open.sessionId, mask: painted, seed: 5, outDir: out });
  for (const f of exported.files) assert.ok(existsSync(f), f);
  assert.ok(exported.files.some((f) => f.endsWith('mask.png')));

  const batchDir = join(ws.dir, 'batch');
  const batch = await h.client.runJob(PaintBatchRequest, { sessionId: open.sessionId, outDir: batchDir, count: 3 });
  assert.equal(batch.count, 3);
  assert.ok(existsSync(join(batchDir, 'manifest.json')) && existsSync(join(batchDir, 'images', '000002.png')));

  await h.client.request(PaintCloseRequest, { sessionId: open.sessionId });
  await assert.rejects(h.client.request(PaintRepaintRequest, { sessionId: open.sessionId, mask: keep, seed: 1 }), (e: unknown) => e instanceof GanLensError && /No open painting session/.test(e.message));
});

test('evaluate/report reads report.json with absolute grid paths; a folder without one is a bad-input error', async () => {
  const dir = join(ws.dir, 'eval');
  mkdirSync(dir, { recursive: true });
  const summary = { mean: 0.8, std: 0.1, min: 0.6, max: 0.9, n: 2 };
  const method = (kind: string, label: string, seconds: number) => ({
    kind, label, seconds, secondsPerImage: seconds / 2, timingRuns: 1,
    metrics: [{ network: 'test', layer: 'layer2', tensor: 't', cosine: summary, l1: summary, gram: summary, images: [] }],
    extractor: { cosine: summary, l1: summary },
  });
  writeFileSync(join(dir, 'report.json'), JSON.stringify({
    title: 'Evaluation', config: ws.configFile, created: '2026-11-25T00:00:00Z',
    settings: { images: 2, imageIds: ['a', 'b'], steps: 10, lr: 0.05, gdBatchSize: 2, ganBatchSize: 2, seed: 0, ganTimingRuns: 1, testNetworks: ['test'] },
    machine: { cpus: 2, cpuModel: 'x', provider: 'cpu', threads: 2, node: 'v20' },
    layers: [{ layer: 'layer2', tensor: 't', shape: [1, 8, 8, 8], methods: [method('gan-stitch', 'GAN (stitch)', 0.1), method('gd-reg', 'GD with reg', 10)], grid: 'layer2/grid.png', gridRows: ['original', 'gan-stitch', 'gd-reg'] }],
    speedups: [{ versus: 'gd-reg', min: 100, mean: 100, max: 100 }],
    plot: 'cosine.svg',
  }));
  const r = await h.client.request(EvaluateReportRequest, { file: dir });
  assert.equal(r.file, join(dir, 'report.json'));
  assert.equal(r.layers[0]!.grid, join(dir, 'layer2', 'grid.png'));
  assert.deepEqual(r.layers[0]!.methods.map((m) => m.kind), ['gan-stitch', 'gd-reg']);
  assert.equal(r.speedups[0]!.mean, 100);
  await assert.rejects(h.client.request(EvaluateReportRequest, { file: ws.dir }), (e: unknown) => e instanceof GanLensError && e.kind === 'bad-input' && /no report\.json/.test(e.message));
});

test('vectors/rank returns the most and least tileable vectors with images; vectors/add puts one in the library', async () => {
  const progress: number[] = [];
  const r = await h.client.runJob(VectorsRankRequest, { config: ws.configFile, layer: 'up0', n: 8, seed: 3, show: 2 }, { onProgress: (p) => progress.push(p.step) });
  assert.equal(r.tensor, LAYER);
  assert.deepEqual(r.tileable.map((v) => v.rank), [0, 1]);
  assert.deepEqual(r.nonTileable.map((v) => v.rank), [6, 7]);
  const scores = [...r.tileable, ...r.nonTileable].map((v) => v.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'highest tileability first');
  for (const v of r.tileable) assert.deepEqual(Buffer.from(v.image, 'base64').subarray(1, 4).toString(), 'PNG');
  assert.ok(progress.length > 0);
  const added = await h.client.request(VectorsAddRequest, { rankingId: r.rankingId, rank: 7, library: 'tiny' });
  assert.equal(added.size, 3);
  const list = await h.client.request(VectorsListRequest, { workspace: ws.dir, library: 'tiny' });
  const entry = list.library!.entries.find((e) => e.id === added.id)!;
  assert.deepEqual(entry.tags, ['non-tileable']);
  assert.equal(entry.scores.tileability, r.nonTileable[1]!.score);
  await assert.rejects(h.client.request(VectorsAddRequest, { rankingId: 'ranking-999', rank: 0 }), (e: unknown) => e instanceof GanLensError && /is gone/.test(e.message));
});
