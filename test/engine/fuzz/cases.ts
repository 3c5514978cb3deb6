/**
 * Generated bad command lines for every CLI command: unknown flags, flags without values, integers and numbers
 * out of range or not numbers at all, enum values that do not exist, paths that are missing / folders / files /
 * garbage / corrupt JSON, --out where nothing can be written, and broken configs. Every case must exit 2.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_CONFIG, type FuzzWorld } from './fixture';

export interface FuzzCase {
  name: string;
  argv: string[];
}

interface Spec {
  /** Command words (e.g. ['vectors', 'sample']). */
  cmd: string[];
  /** A well-formed command line after cmd; `OUT` is replaced by a fresh output folder. */
  base: string[];
  ints?: string[];
  nums?: string[];
  /** Flags naming a file to read, and what kind (a bad one of that kind is generated). */
  files?: Record<string, 'json' | 'onnx' | 'npy' | 'png'>;
  /** Flags naming a folder to read. */
  dirs?: string[];
  enums?: Record<string, string[]>;
  /** Other string flags (only their missing value is fuzzed). */
  strings?: string[];
  booleans?: string[];
  session?: boolean;
}

function specs(w: FuzzWorld): Spec[] {
  const C = ['--config', w.config];
  const session = true;
  return [
    { cmd: ['layers'], base: [w.model], booleans: ['json', 'no-probe'], strings: ['input-size'] },
    { cmd: ['init'], base: [`${w.dir}/fz-init.ganlens.json`, '--extractor', w.model, '--generator', w.generator, '--images', w.images, '--force'], files: { extractor: 'onnx', generator: 'onnx' }, dirs: ['images', 'val-images'], strings: ['layer'], enums: { mean: ['1,2', 'a,b,c'], std: ['0,0,0', '1,1'] }, booleans: ['force'] },
    { cmd: ['run'], base: [w.model, '--input', `image=${w.npy}`, '--out', 'OUT'], strings: ['input', 'output'], ints: ['threads'], enums: { provider: ['gpu', 'CPU', ''] } },
    {
      cmd: ['grad'],
      base: [w.model, '--at', 'block1', '--loss', 'l1', '--target', w.npy, '--input', `image=${w.npy}`, '--wrt', 'image', '--out', 'OUT'],
      files: { target: 'npy' },
      enums: { loss: ['l3', 'L1', ''] },
      strings: ['at', 'input', 'wrt'],
      ints: ['threads'],
    },
    { cmd: ['stitch'], base: [...C, '--out', 'OUT'], ints: ['epochs', 'samples-per-epoch', 'validation-size'], files: { config: 'json' }, enums: { init: ['closed', 'ones'] }, strings: ['pair'], booleans: ['resume', 'overwrite'], session },
    { cmd: ['reconstruct'], base: ['--run', w.run, '--out', 'OUT'], ints: ['seed', 'batch'], dirs: ['run', 'images'], booleans: ['direct-copy'], session },
    { cmd: ['compat'], base: [...C, '--from', 'block1', '--out', 'OUT'], ints: ['samples', 'validation-size'], files: { config: 'json' }, strings: ['from'], booleans: ['all'], session },
    {
      cmd: ['invert-gd'],
      base: ['--model', w.model, '--layer', 'block1', '--images', w.images, '--reg', 'none', '--steps', '1', '--out', 'OUT'],
      ints: ['steps', 'batch', 'seed', 'limit'],
      nums: ['lr'],
      files: { model: 'onnx' },
      dirs: ['images'],
      enums: { reg: ['fourier', 'None'], 'input-size': ['0,0', '32', 'a,b', '1e9,1e9'], mean: ['1,2', 'a,b,c'], std: ['0,0,0', '1,1', '-1,1,1'] },
      strings: ['layer', 'input'],
      session,
    },
    {
      cmd: ['evaluate'],
      base: [...C, '--images', '1', '--steps', '1', '--no-train', '--out', 'OUT'],
      ints: ['images', 'steps', 'gd-batch', 'seed', 'timing-runs', 'train-epochs', 'train-samples', 'grid-images'],
      nums: ['lr'],
      files: { config: 'json' },
      enums: { methods: ['magic', 'stitch,,'] },
      strings: ['layers', 'runs'],
      booleans: ['no-train'],
      session,
    },
    { cmd: ['demo'], base: [...C, '--samples', '4', '--out', 'OUT'], ints: ['samples', 'seed'], files: { config: 'json' }, strings: ['pair'], session },
    {
      cmd: ['invert-generator'],
      base: [...C, '--generated', '1', '--steps-z', '1', '--steps-delta', '1', '--out', 'OUT'],
      ints: ['generated', 'steps-z', 'steps-delta', 'batch', 'seed', 'limit', 'restarts', 'explore-steps'],
      nums: ['lr-z', 'lr-delta', 'lambda-mse', 'lambda-feat', 'lambda-z', 'lambda-delta'],
      files: { config: 'json' },
      dirs: ['images', 'compare'],
      enums: { decay: ['linear', ''], 'delta-optimizer': ['sgd'], 'feature-net': ['nonet'] },
      strings: ['layer', 'feature-layer'],
      session,
    },
    {
      cmd: ['interpolate'],
      base: [...C, '--from', w.npy, '--to', w.npy, '--out', 'OUT'],
      ints: ['steps', 'seed', 'random', 'limit'],
      files: { config: 'json', from: 'npy', to: 'npy' },
      dirs: ['inversion'],
      enums: { mode: ['sideways'] },
      strings: ['layer', 'image', 'with'],
      session,
    },
    { cmd: ['segment'], base: [...C, '--inversion', w.run, '--out', 'OUT'], ints: ['limit'], files: { config: 'json' }, dirs: ['inversion', 'masks'], enums: { k: ['0', 'a', '1,,2', '99999999'] }, strings: ['attention'], booleans: ['no-baseline'], session },
    { cmd: ['vectors', 'sample'], base: [...C, '--layer', 'up0', '--n', '2', '--library', 'fz'], ints: ['n', 'seed'], files: { config: 'json' }, dirs: ['workspace'], enums: { library: ['../x', 'a b', ''] }, strings: ['layer', 'position', 'tag'], session },
    { cmd: ['vectors', 'visualize'], base: [...C, '--library', 'lib', '--out', 'OUT'], ints: ['base-seed'], files: { config: 'json' }, enums: { grids: ['a', '-1', '1,99999'], library: ['nolib'], vectors: ['nope'] }, session },
    { cmd: ['vectors', 'rank'], base: [...C, '--layer', 'up0', '--n', '2', '--out', 'OUT'], ints: ['n', 'seed', 'grid', 'batch', 'top', 'keep'], files: { config: 'json' }, enums: { network: ['nonet'] }, strings: ['feature-layer'], session },
    { cmd: ['vectors', 'pick'], base: [...C, '--library', 'lib', '--class', '0', '--as', 'best'], ints: ['class', 'grid'], files: { config: 'json' }, enums: { network: ['nonet'], library: ['nolib'] }, strings: ['as', 'output'], session },
    { cmd: ['vectors', 'appendix'], base: [...C, '--layer', 'up0', '--feature-layer', 'block1', '--steps', '1', '--out', 'OUT'], ints: ['n', 'repeats', 'steps', 'seed'], nums: ['lr'], files: { config: 'json' }, enums: { grids: ['x', '-2'] }, session },
    { cmd: ['vectors', 'list'], base: [...C], files: { config: 'json' }, dirs: ['workspace'], enums: { library: ['nolib', '../up'] }, booleans: ['json'] },
    { cmd: ['vectors', 'rename'], base: [...C, '--library', 'lib', '--vector', 'v1', '--to', 'v1'], files: { config: 'json' }, enums: { vector: ['nope'], library: ['nolib'] } },
    { cmd: ['vectors', 'tag'], base: [...C, '--library', 'lib', '--vector', 'v1', '--add', 't'], files: { config: 'json' }, enums: { vector: ['nope'] } },
    { cmd: ['vectors', 'remove'], base: [...C, '--library', 'lib', '--vector', 'nope'], files: { config: 'json' } },
    {
      cmd: ['paint'],
      base: [...C, '--mask', w.mask, '--palette', w.palette, '--out', 'OUT'],
      ints: ['seed', 'variations'],
      files: { config: 'json', mask: 'png', palette: 'json' },
      dirs: ['workspace'],
      enums: { vary: ['both'], library: ['nolib'] },
      session,
    },
    {
      cmd: ['paint-batch'],
      base: [...C, '--n', '2', '--palette', w.palette, '--out', 'OUT'],
      ints: ['n', 'seed', 'batch'],
      files: { config: 'json', palette: 'json' },
      dirs: ['masks', 'workspace'],
      enums: { shapes: ['circles'], evaluate: ['nonet'], library: ['nolib'] },
      booleans: ['unpainted'],
      session,
    },
    { cmd: ['demo-data'], base: ['--n', '2', '--seed', '1', '--out', 'OUT'], ints: ['n', 'seed', 'size', 'start'], enums: { format: ['jpg', ''] } },
  ];
}

const BAD_INTS = ['abc', '1.5', '=-3', 'NaN', 'Infinity', '1e15', '', '7x'];
const BAD_NUMS = ['abc', 'Infinity', '=-1', 'NaN', '1e308', '', '=-Infinity'];

/** Replaces (or adds) `--flag value` in argv; a value starting with '=' is glued as --flag=value. */
function withFlag(argv: string[], flag: string, value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${flag}`) {
      i++;
      continue;
    }
    out.push(argv[i]!);
  }
  return value.startsWith('=') ? [...out, `--${flag}${value}`] : [...out, `--${flag}`, value];
}

const BROKEN_CONFIGS: [string, unknown][] = [
  ['empty object', {}],
  ['array', []],
  ['null', null],
  ['no extractor', { ...BASE_CONFIG, extractor: undefined }],
  ['missing model file', { ...BASE_CONFIG, extractor: { ...BASE_CONFIG.extractor, model: 'nope.onnx' } }],
  ['model is a folder', { ...BASE_CONFIG, extractor: { ...BASE_CONFIG.extractor, model: 'a-folder' } }],
  ['model is garbage', { ...BASE_CONFIG, generator: { ...BASE_CONFIG.generator, model: 'garbage.bin' } }],
  ['inputSize 0', { ...BASE_CONFIG, extractor: { ...BASE_CONFIG.extractor, inputSize: [0, 0] } }],
  ['inputSize huge', { ...BASE_CONFIG, extractor: { ...BASE_CONFIG.extractor, inputSize: [1e6, 1e6] } }],
  ['mean of two', { ...BASE_CONFIG, extractor: { ...BASE_CONFIG.extractor, mean: [0.5, 0.5] } }],
  ['batchSize 0', { ...BASE_CONFIG, training: { ...BASE_CONFIG.training, batchSize: 0 } }],
  ['batchSize huge', { ...BASE_CONFIG, training: { ...BASE_CONFIG.training, batchSize: 1_000_000 } }],
  ['lr negative', { ...BASE_CONFIG, training: { ...BASE_CONFIG.training, optimizer: { lr: -1 } } }],
  ['lr huge', { ...BASE_CONFIG, training: { ...BASE_CONFIG.training, optimizer: { lr: 1e308 } } }],
  ['epochs string', { ...BASE_CONFIG, training: { ...BASE_CONFIG.training, epochs: 'x' } }],
  ['procedural size huge', { ...BASE_CONFIG, data: { ...BASE_CONFIG.data, train: { procedural: { seed: 1, count: 8, size: 100000 } } } }],
  ['procedural count 0', { ...BASE_CONFIG, data: { ...BASE_CONFIG.data, val: { procedural: { seed: 1, count: 0, size: 32 } } } }],
  ['latent shape 1e9', { ...BASE_CONFIG, generator: { ...BASE_CONFIG.generator, latents: [{ input: 'z', shape: [1e9] }] } }],
  ['latent elements too many', { ...BASE_CONFIG, generator: { ...BASE_CONFIG.generator, latents: [{ input: 'z', shape: [65536, 65536] }] } }],
  ['val folder is a file', { ...BASE_CONFIG, data: { ...BASE_CONFIG.data, val: { folder: 'a-file.txt' } } }],
  ['train folder missing', { ...BASE_CONFIG, data: { ...BASE_CONFIG.data, train: { folder: 'nowhere' } } }],
  ['unknown key', { ...BASE_CONFIG, extra: 1 }],
  ['output not a string', { ...BASE_CONFIG, output: 5 }],
  ['pairs not a list', { ...BASE_CONFIG, pairs: 'block1' }],
];

const VIRTUAL_OUTS = (w: FuzzWorld): [string, string][] => [
  ['an existing file', w.aFile],
  ['under a file', join(w.aFile, 'sub')],
  ['inside /proc', '/proc/gan-lens-fuzz/out'],
  ['inside /sys', '/sys/gan-lens-fuzz'],
  ['empty', ''],
];

function badFile(w: FuzzWorld, kind: 'json' | 'onnx' | 'npy' | 'png'): [string, string][] {
  const common: [string, string][] = [
    ['missing', w.missing],
    ['a folder', w.folder],
    ['empty', w.emptyFile],
    ['garbage', w.garbage],
    ['under a file', join(w.aFile, 'x')],
  ];
  return kind === 'json' ? [...common, ['corrupt JSON', w.corruptJson]] : [...common, ['a JSON file', w.corruptJson]];
}

/** Every case, with configs written into the world's folder. */
export function fuzzCases(w: FuzzWorld): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const configFiles = BROKEN_CONFIGS.map(([name, body], i) => {
    const file = join(w.dir, `broken-${i}.ganlens.json`);
    writeFileSync(file, JSON.stringify(body));
    return [name, file] as const;
  });
  for (const s of specs(w)) {
    const label = s.cmd.join(' ');
    const add = (what: string, argv: string[]): void => {
      cases.push({ name: `${label}: ${what}`, argv: [...s.cmd, ...argv] });
    };
    const base = s.base;
    add('unknown flag', [...base, '--frobnicate']);
    add('unknown flag with value', [...base, '--frobnicate=1']);
    add('stray positional', [...base, 'stray-word', 'another']);
    const valued = [...(s.ints ?? []), ...(s.nums ?? []), ...Object.keys(s.files ?? {}), ...(s.dirs ?? []), ...Object.keys(s.enums ?? {}), ...(s.strings ?? [])];
    if (base.includes('--out')) valued.push('out');
    if (s.session) valued.push('provider', 'threads');
    for (const f of new Set(valued)) add(`--${f} without a value`, [...base.filter((_, i) => base[i] !== `--${f}` && base[i - 1] !== `--${f}`), `--${f}`]);
    for (const b of s.booleans ?? []) add(`--${b} given a value`, [...base, `--${b}=yes`]);
    for (const f of [...(s.ints ?? []), ...(s.session ? ['threads'] : [])]) for (const v of BAD_INTS) add(`--${f} ${JSON.stringify(v)}`, withFlag(base, f, v));
    if (s.session) {
      add('--threads 99999', withFlag(base, 'threads', '99999'));
      add('--provider gpu', withFlag(base, 'provider', 'gpu'));
    }
    for (const f of s.nums ?? []) for (const v of BAD_NUMS) add(`--${f} ${JSON.stringify(v)}`, withFlag(base, f, v));
    for (const [f, values] of Object.entries(s.enums ?? {})) for (const v of values) add(`--${f} ${JSON.stringify(v)}`, withFlag(base, f, v));
    for (const [f, kind] of Object.entries(s.files ?? {})) for (const [what, p] of badFile(w, kind)) add(`--${f} ${what}`, withFlag(base, f, p));
    for (const f of s.dirs ?? []) {
      add(`--${f} missing`, withFlag(base, f, w.missing));
      add(`--${f} a file`, withFlag(base, f, w.aFile));
    }
    if (base.includes('--out')) for (const [what, p] of VIRTUAL_OUTS(w)) add(`--out ${what}`, withFlag(base, 'out', p));
    // list/rename/tag/remove read no model: a garbage model file is not their input.
    const readsModels = !(s.cmd[0] === 'vectors' && ['list', 'rename', 'tag', 'remove'].includes(s.cmd[1]!));
    if (s.files?.config) for (const [what, file] of configFiles) if (readsModels || what !== 'model is garbage') add(`config ${what}`, withFlag(base, 'config', file));
    if (s.cmd[0] === 'layers' || s.cmd[0] === 'run' || s.cmd[0] === 'grad') {
      for (const [what, p] of badFile(w, 'onnx')) add(`model ${what}`, [p, ...base.slice(1)]);
    }
  }
  cases.push({ name: 'no command', argv: [] }, { name: 'unknown command', argv: ['frobnicate'] }, { name: 'vectors without a subcommand', argv: ['vectors'] });
  return cases;
}
