import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExtractor, tinyGenerator } from '../../helpers/models';
import { writeModel } from '../../../src/engine/onnx/io';
import { loadConfig } from '../../../src/engine/config/load';
import { trainStitch, type StitchProgress } from '../../../src/engine/stitch/train';
import { readCheckpoint } from '../../../src/engine/stitch/checkpoint';
import { GanLensError } from '../../../src/engine/util/errors';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-stitch-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyGenerator());
  writeFileSync(
    join(dir, 'tiny.ganlens.json'),
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [32, 32], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'random' } },
      data: { train: { procedural: { seed: 1, count: 64, size: 32 } }, val: { procedural: { seed: 2, count: 8, size: 32 } } },
      pairs: [{ from: 'block1' }],
      training: { batchSize: 4, epochs: 2, samplesPerEpoch: 16, validationSize: 8, init: 'random', optimizer: { lr: 0.05 } },
    }),
  );
  return dir;
}

test('stitch training lowers the loss, checkpoints each epoch, keeps the best, and resumes where it stopped', async () => {
  const dir = workspace();
  const config = loadConfig(join(dir, 'tiny.ganlens.json'));
  const out = join(dir, 'run');
  const progress: StitchProgress[] = [];
  const first = await trainStitch({ config, pair: config.pairs[0]!, outDir: out, epochs: 1, onProgress: (p) => progress.push(p) });
  assert.equal(first.epochs.length, 1);
  const steps = progress.filter((p) => p.phase === 'train');
  assert.equal(steps.length, 4);
  assert.ok(steps.every((p) => p.samplesPerSecond! > 0 && p.etaSeconds! >= 0 && Number.isFinite(p.loss)));
  assert.ok(first.epochs[0]!.valCosine > first.initial.cosine, `cosine ${first.initial.cosine} → ${first.epochs[0]!.valCosine}`);
  for (const f of ['run.json', 'metrics.json', 'stitch.onnx', 'checkpoints/last/state.json', 'checkpoints/best/weight.npy', 'samples/epoch-001.png']) {
    assert.ok(existsSync(join(out, f)), f);
  }
  const resumed = await trainStitch({ config, pair: config.pairs[0]!, outDir: out, epochs: 2, resume: true });
  assert.deepEqual(resumed.epochs.map((e) => e.epoch), [0, 1]);
  assert.equal(resumed.epochs[1]!.step, 8);
  assert.equal(readCheckpoint(join(out, 'checkpoints/last')).state.samplesSeen, 32);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { epochs: unknown[] };
  assert.equal(metrics.epochs.length, 2);
});

test('cancelling mid-epoch throws a cancelled error and leaves a readable last checkpoint', async () => {
  const dir = workspace();
  const config = loadConfig(join(dir, 'tiny.ganlens.json'));
  const out = join(dir, 'run');
  const controller = new AbortController();
  await assert.rejects(
    trainStitch({
      config,
      pair: config.pairs[0]!,
      outDir: out,
      signal: controller.signal,
      checkpointEvery: 1,
      onProgress: (p) => {
        if (p.phase === 'train' && p.step === 2) controller.abort();
      },
    }),
    (e: unknown) => e instanceof GanLensError && e.kind === 'cancelled',
  );
  const c = readCheckpoint(join(out, 'checkpoints/last'));
  assert.equal(c.state.step, 2);
  assert.equal(c.state.batchInEpoch, 2);
  const resumed = await trainStitch({ config, pair: config.pairs[0]!, outDir: out, resume: true });
  assert.equal(resumed.epochs.length, 2);
  assert.equal(resumed.epochs[1]!.step, 8);
});

test('same seed, same metrics', async () => {
  const a = workspace();
  const b = workspace();
  const run = async (dir: string): Promise<number> => {
    const config = loadConfig(join(dir, 'tiny.ganlens.json'));
    return (await trainStitch({ config, pair: config.pairs[0]!, outDir: join(dir, 'run'), epochs: 1 })).epochs[0]!.valCosine;
  };
  assert.equal(await run(a), await run(b));
});
