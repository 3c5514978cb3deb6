import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/engine/config/load';
import { loadStitchSetup } from '../../../src/engine/stitch/setup';
import {buildTrainingForward, STITCH_TENSORS } from '../../../src/engine/stitch/graphs';
import { buildGradient } from '../../../src/engine/autodiff/builder';
import { openPrivateSession, withSessionScope } from '../../../src/engine/runtime/session';
import { accumulateMeanGradients, runChunked } from '../../../src/engine/runtime/chunked-run';
import { generatorFeeds, planGeneratorInputs } from '../../../src/engine/generator/feeds';
import { SeededRandom } from '../../../src/engine/util/random';
import { randomF32 } from '../../helpers/models';
import { tinyWorkspace } from '../../extension/fixture-workspace';

const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / m;
};

test('a stitch training step run in chunks gives the whole batch loss and gradients; per-sample outputs concatenate', async () => {
  const ws = tinyWorkspace();
  try {
    const cfg = loadConfig(ws.config);
    const setup = await loadStitchSetup(cfg, { from: 'block1', to: 'auto' });
    const forward = buildTrainingForward(setup.models);
    const grad = buildGradient(forward.model, { loss: STITCH_TENSORS.loss, wrt: [STITCH_TENSORS.weight, STITCH_TENSORS.bias] });
    const [cx, hx, wx] = setup.models.pair.fromShape;
    const [cy] = setup.models.pair.toShape;
    const n = 8;
    const plans = planGeneratorInputs(forward.generatorInputs, 'g/', setup.generatorAnalysis.summary.inputs, cfg.generator, cfg.generator.model);
    const feeds = {
      ...generatorFeeds(plans, n, new SeededRandom(3), cfg.generator.noise.mode),
      [STITCH_TENSORS.a]: randomF32([n, cx, hx, wx], 4, 1),
      [STITCH_TENSORS.weight]: randomF32([cy, cx, 1, 1], 5, 0.3),
      [STITCH_TENSORS.bias]: randomF32([cy], 6, 0.1),
    };
    const batched = new Set([STITCH_TENSORS.a, ...forward.generatorInputs]);
    await withSessionScope(async (scope) => {
      const step = await scope.session(grad.model);
      const fwd = await scope.session(forward.model);
      const aPrime = `x/${setup.models.pair.from.tensor}`;
      const ref = (await fwd.run(feeds, [aPrime]))[aPrime]!;
      const gw = grad.grads[STITCH_TENSORS.weight]!;
      const gb = grad.grads[STITCH_TENSORS.bias]!;
      const whole = await step.run(feeds, [grad.loss, gw, gb]);
      for (const chunk of [1, 3, 8]) {
        const acc = await accumulateMeanGradients(step, feeds, grad.loss, [gw, gb], { n, chunk, batched });
        assert.ok(Math.abs(acc.loss - Number(whole[grad.loss]!.data[0])) < 1e-6, `chunk ${chunk}: loss`);
        assert.ok(maxRelDiff(acc.grads[0]!, whole[gw]!.data as Float32Array) < 1e-5, `chunk ${chunk}: weight gradient`);
        assert.ok(maxRelDiff(acc.grads[1]!, whole[gb]!.data as Float32Array) < 1e-5, `chunk ${chunk}: bias gradient`);
        const got = (await runChunked(fwd, feeds, [aPrime], { n, chunk, batched }))[aPrime]!;
        assert.deepEqual(got.dims, ref.dims);
        assert.ok(maxRelDiff(got.data as Float32Array, ref.data as Float32Array) < 1e-5, `chunk ${chunk}: per-sample output`);
      }
    });
  } finally {
    ws.cleanup();
  }
});

test('private sessions are not shared, and a scope releases them even when the job throws', async () => {
  const ws = tinyWorkspace();
  try {
    const setup = await loadStitchSetup(loadConfig(ws.config), { from: 'block1', to: 'auto' });
    const model = setup.models.extractor;
    const a = await openPrivateSession(model);
    const b = await openPrivateSession(model);
    assert.notEqual(a.session, b.session);
    await a.release();
    await b.release();
    let kept: Awaited<ReturnType<typeof openPrivateSession>> | undefined;
    await assert.rejects(
      withSessionScope(async (scope) => {
        kept = await scope.session(model);
        await kept.run({ image: randomF32([1, 3, 32, 32], 1) });
        throw new Error('job failed');
      }),
      /job failed/,
    );
    // onnxruntime refuses to run a released session.
    await assert.rejects(kept!.run({ image: randomF32([1, 3, 32, 32], 1) }));
  } finally {
    ws.cleanup();
  }
});
