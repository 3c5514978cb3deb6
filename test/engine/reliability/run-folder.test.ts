import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExtractor, tinyGenerator } from '../../helpers/models';
import { writeModel } from '../../../src/engine/onnx/io';
import { loadConfig } from '../../../src/engine/config/load';
import { trainStitch } from '../../../src/engine/stitch/train';
import { GanLensError } from '../../../src/engine/util/errors';
import { readRun } from '../../../src/engine/stitch/run-folder';
import { readNpy, writeNpy } from '../../../src/engine/runtime/npy';

function workspace(): { dir: string; config: ReturnType<typeof loadConfig> } {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-runguard-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyGenerator());
  writeFileSync(
    join(dir, 'tiny.ganlens.json'),
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [32, 32], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'random' } },
      data: { train: { procedural: { seed: 1, count: 64, size: 32 } }, val: { procedural: { seed: 2, count: 8, size: 32 } } },
      pairs: [{ from: 'block1' }],
      training: { batchSize: 4, epochs: 1, samplesPerEpoch: 16, validationSize: 8, init: 'random', optimizer: { lr: 0.05 } },
    }),
  );
  return { dir, config: loadConfig(join(dir, 'tiny.ganlens.json')) };
}

const badInput = (re: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof GanLensError, String(e));
  assert.equal(e.kind, 'bad-input');
  assert.match(e.message, re);
  return true;
};

test('a fresh run into a trained folder is refused (metrics kept) unless --overwrite; resume without a checkpoint changes nothing', async () => {
  const { dir, config } = workspace();
  const out = join(dir, 'run');
  const pair = config.pairs[0]!;
  await trainStitch({ config, pair, outDir: out, epochs: 2 });
  const before = readFileSync(join(out, 'metrics.json'), 'utf8');
  await assert.rejects(trainStitch({ config, pair, outDir: out, epochs: 1 }), badInput(/already holds a stitch run[\s\S]*--resume[\s\S]*--overwrite/));
  assert.equal(readFileSync(join(out, 'metrics.json'), 'utf8'), before);
  await assert.rejects(trainStitch({ config, pair, outDir: out, resume: true, overwrite: true }), badInput(/contradict/));
  const again = await trainStitch({ config, pair, outDir: out, epochs: 1, overwrite: true });
  assert.deepEqual(again.epochs.map((e) => e.epoch), [0]);

  const empty = join(dir, 'never-trained');
  await assert.rejects(trainStitch({ config, pair, outDir: empty, resume: true }), badInput(/Cannot resume: .*never-trained has no checkpoint/));
  // A folder with metrics but no checkpoint: resume refuses and the metrics stay as they were.
  renameSync(join(out, 'checkpoints'), join(dir, 'moved-away'));
  const kept = readFileSync(join(out, 'metrics.json'), 'utf8');
  await assert.rejects(trainStitch({ config, pair, outDir: out, resume: true }), badInput(/Cannot resume[\s\S]*--overwrite/));
  assert.equal(readFileSync(join(out, 'metrics.json'), 'utf8'), kept);
});

test('resume recovers the checkpoint a crash left as last.old-<pid> and continues instead of retraining', async () => {
  const { dir, config } = workspace();
  const out = join(dir, 'run');
  const pair = config.pairs[0]!;
  await trainStitch({ config, pair, outDir: out, epochs: 1 });
  renameSync(join(out, 'checkpoints', 'last'), join(out, 'checkpoints', 'last.old-424242'));
  const phases: string[] = [];
  const r = await trainStitch({ config, pair, outDir: out, epochs: 2, resume: true, onProgress: (p) => phases.push(p.phase) });
  assert.ok(!phases.includes('init'), 'no re-initialisation');
  assert.deepEqual(r.epochs.map((e) => [e.epoch, e.step]), [[0, 4], [1, 8]]);
});

test('resume after a kill between the checkpoint and metrics writes re-validates the missing epoch instead of crashing', async () => {
  const { dir, config } = workspace();
  const out = join(dir, 'run');
  const pair = config.pairs[0]!;
  const first = await trainStitch({ config, pair, outDir: out, epochs: 1 });
  const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { epochs: unknown[] };
  writeFileSync(join(out, 'metrics.json'), JSON.stringify({ ...m, epochs: [] }));
  const r = await trainStitch({ config, pair, outDir: out, epochs: 1, resume: true });
  assert.equal(r.epochs.length, 1);
  assert.ok(Math.abs(r.best.cosine - first.best.cosine) < 1e-5, `${r.best.cosine} vs ${first.best.cosine}`);
  const saved = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { epochs: { epoch: number }[] };
  assert.deepEqual(saved.epochs.map((e) => e.epoch), [0]);
  writeFileSync(join(out, 'metrics.json'), '{"pair": {"fr');
  await assert.rejects(trainStitch({ config, pair, outDir: out, epochs: 2, resume: true }), badInput(/metrics\.json is not valid JSON/));
});

test('a learning rate that blows the loss up stops the run naming the step and the setting', async () => {
  // The schema caps lr at 1000; a caller that builds its config in code can still pass anything.
  const { dir, config } = workspace();
  config.training.optimizer.lr = 1e308;
  await assert.rejects(
    trainStitch({ config, pair: config.pairs[0]!, outDir: join(dir, 'run'), epochs: 1 }),
    badInput(/Training diverged: the (training loss|validation cosine) became (NaN|Infinity|-Infinity) at epoch 1, step \d+[\s\S]*training\.optimizer\.lr \(now 1e\+308\)/),
  );
});

test('a run records the hashes of its models and best checkpoint; reading it back refuses files that changed', async () => {
  const { dir, config } = workspace();
  const out = join(dir, 'run');
  await trainStitch({ config, pair: config.pairs[0]!, outDir: out, epochs: 1 });
  const hashes = JSON.parse(readFileSync(join(out, 'hashes.json'), 'utf8')) as { sha256: Record<string, string> };
  assert.deepEqual(Object.keys(hashes.sha256).sort(), ['checkpoints/best/bias.npy', 'checkpoints/best/weight.npy', 'extractor', 'generator']);
  assert.equal(readRun(out).checkpoint, 'best');
  const w = readNpy(join(out, 'checkpoints/best/weight.npy'));
  (w.data as Float32Array)[0] = 42;
  writeNpy(join(out, 'checkpoints/best/weight.npy'), w);
  assert.throws(() => readRun(out), badInput(/weight\.npy \(the best checkpoint\) changed since the stitch/));
  await trainStitch({ config, pair: config.pairs[0]!, outDir: out, epochs: 1, overwrite: true });
  assert.equal(readRun(out).checkpoint, 'best');
  writeModel(join(dir, 'generator.onnx'), tinyGenerator());
  const g = readFileSync(join(dir, 'generator.onnx'));
  writeFileSync(join(dir, 'generator.onnx'), Buffer.concat([g, Buffer.from([0])]));
  assert.throws(() => readRun(out), badInput(/generator\.onnx \(the generator\) changed since the stitch/));
});
