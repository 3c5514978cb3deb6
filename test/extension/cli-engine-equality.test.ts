/**
 * The CLI and the engine method run the same job function (stitch/reconstruct-job.ts, gd/run.ts): for the same
 * request they write the same run folder — the same files, the same pixels, the same metrics apart from wall times.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StitchReconstructRequest, StitchTrainRequest } from '../../src/protocol/stitch';
import { GdInvertRequest } from '../../src/protocol/gd';
import { SetProviderRequest } from '../../src/protocol/engine';
import { startClient, type Harness } from './engine-harness';
import { tinyWorkspace, type TinyWorkspace } from './fixture-workspace';
import { runCli } from '../helpers/cli';

let h: Harness;
let ws: TinyWorkspace;

before(async () => {
  h = startClient();
  ws = tinyWorkspace();
  await h.client.request(SetProviderRequest, { provider: 'cpu' });
});
after(() => {
  h.client.dispose();
  ws.cleanup();
});

const TIMING = new Set(['seconds', 'secondsPerImage', 'secondsPerStep', 'setupSeconds']);

/** metrics.json without wall times, anywhere in it. */
function metrics(dir: string): unknown {
  return JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'), (k, v: unknown) => (TIMING.has(k) ? undefined : v));
}

function assertSameFolder(cliOut: string, engineOut: string): void {
  const files = readdirSync(join(cliOut, 'images')).sort();
  assert.ok(files.length > 0);
  assert.deepEqual(readdirSync(join(engineOut, 'images')).sort(), files, 'same image files');
  for (const f of files) assert.ok(readFileSync(join(engineOut, 'images', f)).equals(readFileSync(join(cliOut, 'images', f))), `${f}: same pixels`);
  assert.ok(readFileSync(join(engineOut, 'grid.png')).equals(readFileSync(join(cliOut, 'grid.png'))), 'same grid');
  assert.deepEqual(metrics(engineOut), metrics(cliOut));
}

test('stitch/reconstruct with an output folder writes what gan-lens reconstruct writes', async () => {
  await h.client.runJob(StitchTrainRequest, { config: ws.config, pair: { from: 'block1', to: 'auto' }, epochs: 1, samplesPerEpoch: 8 });
  const run = join(ws.dir, 'out', 'stitch-block1-auto');
  const engineOut = join(ws.dir, 'recon-engine');
  const r = await h.client.runJob(StitchReconstructRequest, { run, count: 8, seed: 3, outDir: engineOut });
  assert.equal(r.images.length, 8);
  const cliOut = join(ws.dir, 'recon-cli');
  const c = await runCli(['reconstruct', '--run', run, '--seed', '3', '--out', cliOut]);
  assert.equal(c.code, 0, c.stderr);
  assertSameFolder(cliOut, engineOut);
  const m = metrics(engineOut) as { images: { cosine: number }[]; ood: unknown[]; method: string };
  assert.equal(m.images.length, 8);
  assert.equal(m.ood.length, 8, 'the engine writes the out-of-distribution scores the CLI writes');
  assert.equal(m.method, 'stitch');
  assert.deepEqual(r.images.map((i) => i.cosine), m.images.map((i) => i.cosine), 'the reply carries the numbers of the folder');
});

test('gd/invert writes what gan-lens invert-gd --config writes', async () => {
  const engineOut = join(ws.dir, 'gd-engine');
  const r = await h.client.runJob(GdInvertRequest, { config: ws.config, layer: 'block1', regularisation: 'fourier-jitter', count: 3, steps: 4, seed: 5, out: engineOut });
  assert.equal(r.run, engineOut);
  assert.equal(r.images.length, 3);
  const cliOut = join(ws.dir, 'gd-cli');
  const c = await runCli(['invert-gd', '--config', ws.config, '--layer', 'block1', '--reg', 'fourier-jitter', '--limit', '3', '--steps', '4', '--seed', '5', '--out', cliOut]);
  assert.equal(c.code, 0, c.stderr);
  assertSameFolder(cliOut, engineOut);
  const m = metrics(engineOut) as { lossCurve: number[]; images: unknown[] };
  assert.equal(m.lossCurve.length, 4);
  assert.equal(m.images.length, 3);
});
