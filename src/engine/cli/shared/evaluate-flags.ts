/** The flags of the paper's evaluation, read once for `gan-lens evaluate` and `gan-lens sweep plan --kind evaluate`. */
import { resolve } from 'node:path';
import { ALL_METHODS } from '../../evaluate/procedure';
import type { MethodKind } from '../../evaluate/types';
import { badInput } from '../../util/errors';
import { LR_BOUNDS, intFlag, numFlag } from './options';

export const evaluateFlags = {
  layers: { type: 'string' },
  images: { type: 'string' },
  steps: { type: 'string' },
  lr: { type: 'string' },
  'gd-batch': { type: 'string' },
  seed: { type: 'string' },
  'timing-runs': { type: 'string' },
  methods: { type: 'string' },
  runs: { type: 'string', multiple: true },
  'no-train': { type: 'boolean' },
  'train-epochs': { type: 'string' },
  'train-samples': { type: 'string' },
  'grid-images': { type: 'string' },
} as const;

export type EvaluateFlagValues = Partial<Record<keyof typeof evaluateFlags, string | boolean | string[] | undefined>>;

/** What the flags ask of the evaluation; absent keys keep the config's or the procedure's defaults. */
export interface EvaluateChoices {
  layers?: string[];
  methods?: MethodKind[];
  images?: number;
  steps?: number;
  lr?: number;
  gdBatchSize?: number;
  seed?: number;
  ganTimingRuns?: number;
  runs?: string[];
  train?: false;
  training: { epochs?: number; samplesPerEpoch?: number };
  gridImages?: number;
}

/** Reads the flags; `extraRuns` are positionals that parseArgs split off `--runs A B C`. */
export function evaluateChoices(v: EvaluateFlagValues, extraRuns: readonly string[] = []): EvaluateChoices {
  const str = (k: keyof typeof evaluateFlags): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);
  const c: EvaluateChoices = { training: {} };
  const layers = str('layers')?.split(',').map((l) => l.trim()).filter(Boolean);
  if (layers) c.layers = layers;
  const methods = str('methods')?.split(',').map((m) => m.trim()) as MethodKind[] | undefined;
  for (const m of methods ?? []) if (!ALL_METHODS.includes(m)) throw badInput(`--methods: '${m}' is not one of ${ALL_METHODS.join(', ')}.`);
  if (methods) c.methods = methods;
  const set = <K extends keyof EvaluateChoices>(k: K, x: EvaluateChoices[K] | undefined): void => {
    if (x !== undefined) c[k] = x;
  };
  set('images', intFlag('images', str('images'), 1));
  set('steps', intFlag('steps', str('steps'), 1));
  set('lr', numFlag('lr', str('lr'), LR_BOUNDS));
  set('gdBatchSize', intFlag('gd-batch', str('gd-batch'), 1));
  set('seed', intFlag('seed', str('seed')));
  set('ganTimingRuns', intFlag('timing-runs', str('timing-runs'), 1));
  set('gridImages', intFlag('grid-images', str('grid-images'), 1));
  const runs = [...(Array.isArray(v.runs) ? v.runs : []), ...extraRuns];
  if (runs.length) c.runs = runs.map((r) => resolve(r));
  if (v['no-train'] === true) c.train = false;
  const epochs = intFlag('train-epochs', str('train-epochs'), 1);
  const samples = intFlag('train-samples', str('train-samples'), 1);
  if (epochs) c.training.epochs = epochs;
  if (samples) c.training.samplesPerEpoch = samples;
  return c;
}
