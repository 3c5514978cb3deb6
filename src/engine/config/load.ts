import { existsSync, readFileSync, statSync } from 'node:fs';
import { outsideNotes } from './paths';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
// The one schema: the extension contributes this file for IntelliSense, the engine validates with it.
import schema from '../../../media/schemas/ganlens.schema.json';
import type { DataSource, GanLensConfig, NetworkConfig } from './types';
import { badInput, errorMessage } from '../util/errors';
import { checkConfigBounds } from './bounds';

export { schema as configSchema };

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validate = ajv.compile(schema);

/** "/training/batchSize: must be integer" — the JSON path first, then what is wrong. */
function describe(e: ErrorObject): string {
  const path = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') {
    return `${path}: unknown key '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  }
  if (e.keyword === 'enum') return `${path}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${path}: ${e.message ?? 'is invalid'}`;
}

/** Validation messages for a parsed config object, most specific first; empty when valid. Fills defaults in place. */
export function configErrors(raw: unknown): string[] {
  if (validate(raw)) return [];
  const errs = validate.errors ?? [];
  // oneOf failures repeat each branch's complaint; keep the deepest paths.
  const maxDepth = (e: ErrorObject): number => e.instancePath.split('/').length;
  const unique = [...new Set(errs.filter((e) => e.keyword !== 'oneOf' || errs.length === 1).sort((a, b) => maxDepth(b) - maxDepth(a)).map(describe))];
  return unique;
}

interface RawNetwork {
  model: string;
  input: string;
  inputSize: [number, number];
  mean: [number, number, number];
  std: [number, number, number];
  layers: Record<string, string>;
}

type RawData = { folder: string; masks?: string } | { procedural: { seed: number; count: number; size?: number } };

/** Parses and validates a config file's text; relative paths resolve against `file`'s folder. */
export function parseConfig(text: string, file: string): GanLensConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw badInput(`${file} is not valid JSON: ${errorMessage(e)}.`, { file });
  }
  const errors = configErrors(raw);
  if (errors.length > 0) {
    throw badInput(`${file} is not a valid GAN Lens config:\n  ${errors.slice(0, 8).join('\n  ')}`, {
      file,
      hint: 'See docs/config.md or the JSON schema (IntelliSense in VS Code) for every key.',
    });
  }
  const dir = dirname(resolve(file));
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(dir, p));
  const r = raw as Record<string, unknown> & {
    name?: string;
    extractor: RawNetwork;
    generator: GanLensConfig['generator'];
    testNetworks: Record<string, RawNetwork>;
    data: { train?: RawData; val?: RawData };
    pairs: GanLensConfig['pairs'];
    training: GanLensConfig['training'];
    evaluation: { testNetworks?: string[]; images: number; gd: GanLensConfig['evaluation']['gd'] };
    generatorInversion?: GanLensConfig['generatorInversion'];
    output: string;
    slurm?: GanLensConfig['slurm'];
  };
  const net = (n: RawNetwork): NetworkConfig => ({ ...n, model: abs(n.model) });
  const data = (d: RawData | undefined, fallback: DataSource): DataSource => {
    if (!d) return fallback;
    if ('folder' in d) return { kind: 'folder', folder: abs(d.folder), ...(d.masks ? { masks: abs(d.masks) } : {}) };
    // ajv fills no defaults inside oneOf: the tile size defaults to the extractor's input.
    return { kind: 'procedural', ...d.procedural, size: d.procedural.size ?? r.extractor.inputSize[0] };
  };
  const testNetworks = Object.fromEntries(Object.entries(r.testNetworks).map(([k, v]) => [k, net(v)]));
  const evalNets = r.evaluation.testNetworks ?? Object.keys(testNetworks);
  for (const [i, name] of evalNets.entries()) {
    if (!(name in testNetworks)) {
      throw badInput(`${file}: /evaluation/testNetworks/${i}: '${name}' is not a key of /testNetworks (${Object.keys(testNetworks).join(', ') || 'none defined'}).`, { file });
    }
  }
  const cfg: GanLensConfig = {
    file: resolve(file),
    dir,
    name: r.name ?? basename(file).replace(/\.ganlens\.json$/, ''),
    extractor: net(r.extractor),
    generator: {
      ...r.generator,
      model: abs(r.generator.model),
      ...(r.generator.latents ? { latents: r.generator.latents.map((l) => (l.mapping ? { ...l, mapping: abs(l.mapping) } : l)) } : {}),
    },
    testNetworks,
    data: {
      train: data(r.data.train, { kind: 'procedural', seed: 1_000_000, count: 100_000, size: r.extractor.inputSize[0] }),
      val: data(r.data.val, { kind: 'procedural', seed: 9_000_000, count: 64, size: r.extractor.inputSize[0] }),
    },
    pairs: r.pairs,
    training: r.training,
    evaluation: { ...r.evaluation, testNetworks: evalNets },
    generatorInversion: r.generatorInversion ?? {},
    output: abs(r.output),
    ...(r.slurm ? { slurm: r.slurm } : {}),
  };
  return cfg;
}

/** Reads, validates and resolves a `*.ganlens.json`, checking that the files it names exist. */
export function loadConfig(file: string): GanLensConfig {
  const path = resolve(file);
  if (!existsSync(path)) throw badInput(`Config ${path} does not exist.`, { file: path });
  if (!statSync(path).isFile()) throw badInput(`Config ${path} is a folder, not a *.ganlens.json file.`, { file: path, hint: 'Pass the config file itself.' });
  const cfg = parseConfig(readFileSync(path, 'utf8'), path);
  for (const note of outsideNotes(cfg)) process.stderr.write(`${note}\n`);
  const models: [string, string][] = [
    ['/extractor/model', cfg.extractor.model],
    ['/generator/model', cfg.generator.model],
    ...Object.entries(cfg.testNetworks).map(([k, n]): [string, string] => [`/testNetworks/${k}/model`, n.model]),
  ];
  for (const [ptr, p] of models) {
    if (!existsSync(p)) throw badInput(`${path}: ${ptr}: model file ${p} does not exist.`, { file: path, hint: 'Fix the path (relative paths resolve against the config file).' });
  }
  for (const [k, d] of Object.entries(cfg.data)) {
    if (d.kind === 'folder' && !existsSync(d.folder)) {
      throw badInput(`${path}: /data/${k}/folder: ${d.folder} does not exist.`, { file: path });
    }
  }
  checkConfigBounds(cfg);
  return cfg;
}
