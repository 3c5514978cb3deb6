import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { folderSource } from '../../image-sources/folder';
import { loadInversionSetup } from '../../geninv/setup';
import { DEFAULT_INVERSION, type DeltaOptimizer, type LrDecay } from '../../geninv/invert';
import { invertGenerated, invertSource, writeInversion, type RunOptions } from '../../geninv/run';
import { writeErrorReport } from '../../geninv/report';
import { badInput } from '../../util/errors';
import { SESSION_USAGE, intFlag, sessionFlags, sessionOptions, throttled } from '../shared/options';
import { configFlags, requireConfig } from '../shared/config-flags';

const d = DEFAULT_INVERSION;
const usage = `gan-lens invert-generator --config C (--images FOLDER | --generated N) [--layer L] [--steps-z N] [--steps-delta M]
    [--batch B] [--seed S] [--restarts R] [--explore-steps E] [--limit N] [--lr-z X] [--lr-delta X] [--decay none|cosine|exponential]
    [--delta-optimizer adam|lbfgs]
    [--lambda-mse X] [--lambda-feat X] [--lambda-z X] [--lambda-delta X] [--feature-net extractor|NAME|none]
    [--feature-layer L] [--compare GENERATED_DIR] --out DIR ${SESSION_USAGE}

Two-step inversion of images into a generator layer (Pividori et al. 2019): first z* = argmin L(x, G(z)) + λz‖z‖²,
then δ* = argmin L(x, G2(G1(z*) + δ)) + λδ‖δ‖₁ and h* = G1(z*) + δ*, with L = λmse·MSE + λfeat·‖C(x) − C(x̂)‖²
(C: the feature network at --feature-layer, default the config extractor's last layer). --layer defaults to the
output of the generator's first dense layer. Images are brought to the generator's output size. --generated N
inverts N images the generator made (seed --seed): the check that z is recovered. --restarts R runs the latent
step from R starting points per image and keeps the best (non-convex: single starts can stall); with
--explore-steps E every start runs E steps, then only each image's best start runs the remaining steps.
--delta-optimizer lbfgs runs the layer step with OWL-QN (L-BFGS for the L1-regularised objective; --steps-delta
counts its evaluations, --lr-delta and --decay do not apply): it follows the badly conditioned directions a
layer gets through the next convolution, which Adam cannot, and leaves coordinates of δ exactly at 0.
Defaults: --steps-z ${d.stepsZ} --restarts ${d.restarts} --explore-steps ${d.exploreSteps} --steps-delta ${d.stepsDelta} --lr-z ${d.lrZ} --lr-delta ${d.lrDelta} --decay ${d.decay}
--delta-optimizer ${d.deltaOptimizer}
--lambda-mse ${d.weights.mse} --lambda-feat ${d.weights.feat} --lambda-z ${d.weights.z} --lambda-delta ${d.weights.delta} --batch 8 --seed 0.
The config's "generatorInversion" section (layer, featureNetwork, featureLayer, stepsZ, stepsDelta, restarts,
exploreSteps, lrZ, lrDelta, deltaOptimizer, decay, lambda: {mse, feat, z, delta}) replaces these defaults; flags override it.
Writes DIR/inversion.json (options, per-image MSE and error at z* and h*), DIR/images/<id>/{target,g_z,g_h}.png and
{z,h0,delta,h}.npy, DIR/grid.png and DIR/errors.svg (error histograms at the latent and at the layer). With
--compare (an earlier --generated run's folder) it also writes DIR/fig5-errors.svg/.json: generated and real error
distributions at both levels, as in the paper's Fig. 5.`;

function numFlag(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1e6 || v.trim() === '') throw badInput(`--${name} ${v} must be a finite number from 0 to 1e6.`);
  return n;
}

export const invertGeneratorCommand: CliCommand = {
  name: 'invert-generator',
  summary: 'Invert images into a generator layer (two-step: latent, then the layer)',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...configFlags,
        images: { type: 'string' },
        generated: { type: 'string' },
        layer: { type: 'string' },
        'steps-z': { type: 'string' },
        'steps-delta': { type: 'string' },
        batch: { type: 'string' },
        seed: { type: 'string' },
        limit: { type: 'string' },
        restarts: { type: 'string' },
        'explore-steps': { type: 'string' },
        'lr-z': { type: 'string' },
        'lr-delta': { type: 'string' },
        decay: { type: 'string' },
        'delta-optimizer': { type: 'string' },
        'lambda-mse': { type: 'string' },
        'lambda-feat': { type: 'string' },
        'lambda-z': { type: 'string' },
        'lambda-delta': { type: 'string' },
        'feature-net': { type: 'string' },
        'feature-layer': { type: 'string' },
        compare: { type: 'string' },
        out: { type: 'string' },
        ...sessionFlags,
      },
      strict: true,
    });
    const config = requireConfig('invert-generator', values);
    if (!values.out) throw badInput('invert-generator needs --out DIR.');
    if (!values.images === !values.generated) throw badInput('invert-generator needs exactly one of --images FOLDER and --generated N.');
    // Flags override the config's generatorInversion section, which overrides the engine's defaults.
    const gi = config.generatorInversion;
    const decay = (values.decay ?? gi.decay ?? d.decay) as LrDecay;
    if (!['none', 'cosine', 'exponential'].includes(decay)) throw badInput(`--decay ${values.decay} is not one of none, cosine, exponential.`);
    const deltaOptimizer = (values['delta-optimizer'] ?? gi.deltaOptimizer ?? d.deltaOptimizer) as DeltaOptimizer;
    if (!['adam', 'lbfgs'].includes(deltaOptimizer)) throw badInput(`--delta-optimizer ${values['delta-optimizer']} is not one of adam, lbfgs.`);
    const featureNet = values['feature-net'] ?? gi.featureNetwork;
    const featureLayer = values['feature-layer'] ?? gi.featureLayer;
    const setup = await loadInversionSetup(config, values.layer ?? gi.layer, {
      ...(featureNet ? { network: featureNet } : {}),
      ...(featureLayer ? { layer: featureLayer } : {}),
    });
    const print = throttled(io.err);
    const w = { ...d.weights, ...gi.lambda };
    const o: RunOptions = {
      stepsZ: intFlag('steps-z', values['steps-z']) ?? gi.stepsZ ?? d.stepsZ,
      stepsDelta: intFlag('steps-delta', values['steps-delta']) ?? gi.stepsDelta ?? d.stepsDelta,
      lrZ: numFlag('lr-z', values['lr-z'], gi.lrZ ?? d.lrZ),
      lrDelta: numFlag('lr-delta', values['lr-delta'], gi.lrDelta ?? d.lrDelta),
      deltaOptimizer,
      decay,
      decayTo: d.decayTo!,
      weights: {
        mse: numFlag('lambda-mse', values['lambda-mse'], w.mse),
        feat: setup.features ? numFlag('lambda-feat', values['lambda-feat'], w.feat) : 0,
        z: numFlag('lambda-z', values['lambda-z'], w.z),
        delta: numFlag('lambda-delta', values['lambda-delta'], w.delta),
      },
      seed: intFlag('seed', values.seed) ?? 0,
      restarts: intFlag('restarts', values.restarts, 1) ?? gi.restarts ?? d.restarts!,
      exploreSteps: intFlag('explore-steps', values['explore-steps'], 1) ?? gi.exploreSteps ?? d.exploreSteps!,
      batchSize: intFlag('batch', values.batch, 1) ?? 8,
      session: sessionOptions(values),
      signal: io.signal,
      onProgress: (p) => print(`[invert] ${p.message}  error ${p.error.toExponential(3)}`),
      onBatch: (done, total) => print(`[invert] ${done}/${total} images`, true),
    };
    const limit = intFlag('limit', values.limit, 1);
    let run;
    if (values.generated) {
      run = await invertGenerated(setup, intFlag('generated', values.generated, 1)!, o.seed, o);
    } else {
      const folder = resolve(values.images!);
      const source = folderSource(folder, setup.split.outputSize);
      const indices = Array.from({ length: Math.min(limit ?? source.count, source.count) }, (_, i) => i);
      run = { ...(await invertSource(setup, source, o, indices)), folder };
    }
    const out = resolve(values.out);
    const file = await writeInversion(out, setup, run, o);
    const s = file.summary;
    io.out(`Inverted ${file.images.length} ${run.kind} images into ${setup.layerName} (${setup.split.layer}, ${setup.layerShape.join('×')}).`);
    io.out(`MSE at z*: median ${s.mseZ.median.toExponential(3)} (mean ${s.mseZ.mean.toExponential(3)}); at h*: median ${s.mseH.median.toExponential(3)} (mean ${s.mseH.mean.toExponential(3)}).`);
    if (s.latentRmse) io.out(`Latent RMS error ‖z* − z‖: median ${s.latentRmse.median.toExponential(3)}.`);
    if (values.compare) {
      const rep = writeErrorReport(out, out, resolve(values.compare));
      io.out(`Real images: error at z* / error at h*, median ratio ${rep.realGapMedianRatio.toFixed(1)}× (fig5-errors.svg).`);
    }
    io.out(`Output: ${out}`);
  },
};
