import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExtractor, tinyGenerator } from '../../helpers/models';
import { writeModel } from '../../../src/engine/onnx/io';
import { main } from '../../../src/engine/cli/main';
import { runCli } from '../../helpers/cli';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-stitch-cli-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyGenerator());
  writeFileSync(
    join(dir, 'tiny.ganlens.json'),
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [32, 32] },
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'random' } },
      data: { train: { procedural: { seed: 1, count: 32, size: 32 } }, val: { procedural: { seed: 2, count: 6, size: 32 } } },
      pairs: [{ from: 'block1' }],
      training: { batchSize: 4, epochs: 1, samplesPerEpoch: 16, validationSize: 6 },
    }),
  );
  return dir;
}

test('gan-lens stitch then reconstruct: a trained run reconstructs in one pass, the same per seed', async () => {
  const dir = workspace();
  const run = join(dir, 'run');
  assert.equal(await main(['stitch', '--config', join(dir, 'tiny.ganlens.json'), '--out', run]), 0);
  assert.ok(existsSync(join(run, 'stitch.onnx')));
  const out = join(dir, 'recon');
  assert.equal(await main(['reconstruct', '--run', run, '--out', out, '--seed', '3']), 0);
  const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
    images: { cosine: number; seconds: number }[];
    cosine: { mean: number };
    ood: { reconstructionError: number; zScore: number }[];
  };
  assert.equal(m.images.length, 6);
  assert.equal(m.ood.length, 6);
  assert.ok(m.ood.every((o, i) => Math.abs(o.reconstructionError - (1 - m.images[i]!.cosine)) < 1e-12 && Number.isFinite(o.zScore)));
  assert.ok(m.images.every((i) => i.seconds > 0 && i.cosine > -1 && i.cosine <= 1));
  assert.ok(existsSync(join(out, 'grid.png')));
  // Same seed, same images and metrics.
  const again = join(dir, 'recon2');
  assert.equal(await main(['reconstruct', '--run', run, '--out', again, '--seed', '3']), 0);
  const m2 = JSON.parse(readFileSync(join(again, 'metrics.json'), 'utf8')) as typeof m;
  assert.deepEqual(m2.images.map((i) => i.cosine), m.images.map((i) => i.cosine));
  assert.deepEqual(readFileSync(join(out, 'grid.png')), readFileSync(join(again, 'grid.png')));
});

test('bad invocations exit 2 with a message naming what to fix', async () => {
  const dir = workspace();
  assert.equal(await main(['stitch']), 2);
  assert.equal(await main(['stitch', '--config', join(dir, 'missing.ganlens.json')]), 2);
  assert.equal(await main(['stitch', '--config', join(dir, 'tiny.ganlens.json'), '--pair', 'nolayer:auto', '--out', join(dir, 'x')]), 2);
  assert.equal(await main(['reconstruct', '--run', dir, '--out', join(dir, 'y')]), 2);
});

test('--memory-gb: a budget one sample does not fit is refused before training (exit 2, the numbers and what to raise); a bad value exits 2', async () => {
  const dir = workspace();
  const cfg = join(dir, 'tiny.ganlens.json');
  const small = await runCli(['stitch', '--config', cfg, '--memory-gb', '0.05', '--out', join(dir, 'small')]);
  assert.equal(small.code, 2, small.stderr);
  assert.match(small.stderr, /Stitch training block1 → .* needs about \d+\.\d\d GB at one sample per run .* more than the memory budget of 0\.05 GB/);
  assert.match(small.stderr, /Raise --memory-gb \(setting ganLens\.memoryBudgetGB\) to at least/);
  assert.ok(!existsSync(join(dir, 'small', 'checkpoints')));
  const bad = await runCli(['stitch', '--config', cfg, '--memory-gb', 'lots', '--out', join(dir, 'bad')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--memory-gb lots is not a positive number of gigabytes/);
  const ok = await runCli(['stitch', '--config', cfg, '--memory-gb', '2', '--out', join(dir, 'ok')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /Memory: 4 of 4 samples per run, about \d+\.\d\d GB of a 2\.00 GB budget/);
});
