import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { folderSource } from '../../image-sources/folder';
import { loadAnalysed } from '../../model/loaded';
import { GD_DEFAULTS } from '../../gd/invert';
import { runGdInversion, type GdRunRequest } from '../../gd/run';
import { configFlags, optionalConfig } from '../shared/config-flags';
import { openSource } from '../../image-sources/index';
import { IMAGENET_MEAN, IMAGENET_STD } from '../../runtime/image';
import { badInput } from '../../util/errors';
import { LR_BOUNDS, SESSION_USAGE, channelTripleFlag, formatSeconds, intFlag, numFlag, sessionFlags, sessionOptions, throttled } from '../shared/options';

const usage = `gan-lens invert-gd --model M.onnx --layer L --images FOLDER --reg none|fourier-jitter --out DIR
                  [--steps 512] [--lr 0.05] [--batch 8] [--seed 0] [--input-size H,W] [--input NAME]
                  [--mean 0.485,0.456,0.406] [--std 0.229,0.224,0.225] [--limit N] ${SESSION_USAGE}
       gan-lens invert-gd --config C.ganlens.json --layer L --reg none|fourier-jitter --out DIR [--images FOLDER] [--limit N] …
                  (the config's extractor and validation images; steps, lr and batch from its evaluation.gd)

Reconstructs each image from its activation at layer L by gradient descent (Algorithm 1 of Herdt et al. 2023):
Adam on z′ (z′₀ ~ N(0, 0.01²)) minimising the L1 distance at L. --reg none optimises pixels through a sigmoid;
--reg fourier-jitter optimises a colour-decorrelated Fourier spectrum (Lucid's parametrisation) and jitters the
image by up to one pixel each step. Images are resized/cropped to --input-size (default: the model's, else 224).
Writes DIR/images/*.png, DIR/grid.png (originals above reconstructions) and DIR/metrics.json (loss curve, per-image
final L1 at L, timing). Same --seed, same result.`;

function size(v: string | undefined): [number, number] | undefined {
  if (v === undefined) return undefined;
  const p = v.split(',').map(Number);
  if (p.length !== 2 || p.some((x) => !Number.isInteger(x) || x < 1)) throw badInput(`--input-size ${v} must be H,W (two positive integers).`);
  return [p[0]!, p[1]!];
}

/** The extractor as flags describe it: input name and size from the model unless given. */
async function extractorFromFlags(values: { model?: string | undefined; input?: string | undefined; 'input-size'?: string | undefined; mean?: string | undefined; std?: string | undefined }): Promise<GdRunRequest['extractor']> {
  const mean = channelTripleFlag('mean', values.mean) ?? [...IMAGENET_MEAN];
  const std = channelTripleFlag('std', values.std) ?? [...IMAGENET_STD];
  const modelFile = resolve(values.model!);
  const requested = size(values['input-size']);
  const { analysis } = await loadAnalysed(modelFile, requested);
  const imageInputs = analysis.summary.inputs.filter((i) => i.shape?.length === 4);
  const inputName = values.input ?? imageInputs[0]?.name ?? analysis.summary.inputs[0]?.name;
  if (!inputName) throw badInput(`${modelFile} has no inputs.`, { file: modelFile });
  const inputInfo = analysis.summary.inputs.find((i) => i.name === inputName);
  if (!inputInfo) throw badInput(`${modelFile} has no input '${inputName}' (it has ${analysis.summary.inputs.map((i) => i.name).join(', ')}).`, { file: modelFile });
  const shape = inputInfo.shape ?? [];
  const fixed: [number, number] | undefined = typeof shape[2] === 'number' && typeof shape[3] === 'number' ? [shape[2], shape[3]] : undefined;
  return { model: modelFile, input: inputName, inputSize: requested ?? fixed ?? [224, 224], mean, std };
}

export const invertGdCommand: CliCommand = {
  name: 'invert-gd',
  summary: 'Invert a layer by gradient descent (with or without Fourier/jitter regularisation)',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        ...configFlags,
        layer: { type: 'string' },
        images: { type: 'string' },
        reg: { type: 'string' },
        out: { type: 'string' },
        steps: { type: 'string' },
        lr: { type: 'string' },
        batch: { type: 'string' },
        seed: { type: 'string' },
        'input-size': { type: 'string' },
        input: { type: 'string' },
        mean: { type: 'string' },
        std: { type: 'string' },
        limit: { type: 'string' },
        ...sessionFlags,
      },
      strict: true,
    });
    const fromConfig = optionalConfig(values);
    const needed = fromConfig ? (['layer', 'reg', 'out'] as const) : (['model', 'layer', 'images', 'reg', 'out'] as const);
    for (const k of needed) if (!values[k]) throw badInput(`invert-gd needs --${k}.\n\n${usage}`);
    const reg = values.reg as 'none' | 'fourier-jitter';
    if (reg !== 'none' && reg !== 'fourier-jitter') throw badInput(`--reg ${values.reg} is not none or fourier-jitter.`);
    const lr = numFlag('lr', values.lr, LR_BOUNDS) ?? fromConfig?.evaluation.gd.lr ?? GD_DEFAULTS.lr;
    const extractor = fromConfig ? fromConfig.extractor : await extractorFromFlags(values);
    const images = values.images ? folderSource(resolve(values.images), extractor.inputSize) : openSource(fromConfig!.data.val, extractor.inputSize);
    const limit = intFlag('limit', values.limit, 1);
    const steps = intFlag('steps', values.steps, 1) ?? fromConfig?.evaluation.gd.steps ?? GD_DEFAULTS.steps;
    const seed = intFlag('seed', values.seed) ?? GD_DEFAULTS.seed;
    const batchSize = intFlag('batch', values.batch, 1) ?? fromConfig?.evaluation.gd.batchSize ?? GD_DEFAULTS.batchSize;
    const print = throttled(io.err);
    const out = resolve(values.out!);
    const run = await runGdInversion({
      extractor,
      layer: values.layer!,
      images,
      ...(limit ? { count: limit } : {}),
      reg,
      steps,
      lr,
      batchSize,
      seed,
      out,
      session: sessionOptions(values),
      signal: io.signal,
      onProgress: (p) => print(`[invert-gd] images ${p.imagesDone + 1}–${Math.min(p.images, p.imagesDone + batchSize)}/${p.images} step ${p.step}/${p.steps} L1 ${p.loss.toFixed(4)}`, p.step === p.steps),
    });
    const { layer, result: r, metrics } = run;
    const n = run.ids.length;
    const final = metrics.finalL1;
    io.out(`Inverted ${n} image(s) from ${layer.name} (${reg}): L1 ${r.lossCurve[0]!.toFixed(4)} → ${final.mean.toFixed(4)} ± ${final.std.toFixed(4)} in ${formatSeconds(r.seconds)} (${(r.secondsPerStep * 1000).toFixed(0)} ms/step at batch ${Math.min(batchSize, n)}).`);
    io.out(`Output: ${out}`);
  },
};
