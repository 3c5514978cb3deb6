/**
 * Inverts a whole image source (real images) or generated samples in batches, and writes / reads an inversion
 * folder:
 *   inversion.json          what was run (config, layer, feature network, options) and per-image metrics
 *   images/<id>/            target.png, g_z.png (G(z*)), g_h.png (G2(h*)), z.npy (z_<input>.npy for several latents),
 *                           h0.npy (G1(z*)), delta.npy, h.npy, metrics.json
 *   grid.png                targets / G(z*) / G2(h*) for the first 8 images;  errors.svg  the error histograms
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ImageSource } from '../image-sources/index';
import type { HostTensor } from '../onnx/tensor';
import { encodeGridPng, encodePng, unstackImage } from '../runtime/image';
import { readNpy, writeNpy } from '../runtime/npy';
import { distribution, type Distribution } from './stats';
import { writeFileAtomic } from '../util/atomic';
import { badInput } from '../util/errors';
import { readJsonFile } from '../util/json-file';
import { openInverter, type ImageInversion, type InversionOptions } from './invert';
import { sampleGenerated } from './generate';
import { histogramSvg } from './histogram';
import type { InversionSetup } from './setup';

export interface InversionRecord {
  id: string;
  index: number;
  dir: string;
  mseZ: number;
  mseH: number;
  errorZ: number;
  errorH: number;
  /** Generated targets only: ‖z* − z‖ / √dim (RMS latent error). */
  latentRmse?: number;
}

export interface InversionRun {
  kind: 'real' | 'generated';
  source: string;
  /** The image folder of a real run (for masks later). */
  folder?: string;
  results: (ImageInversion & { id: string; target: HostTensor; zTrue?: Record<string, HostTensor> })[];
}

export interface InversionSummary {
  mseZ: Distribution;
  mseH: Distribution;
  errorZ: Distribution;
  errorH: Distribution;
  latentRmse?: Distribution;
}

export interface InversionFile {
  config: string;
  kind: 'real' | 'generated';
  source: string;
  folder?: string;
  layer: { name: string; tensor: string; shape: number[] };
  generator: { output: string; outputSize: [number, number]; latents: string[] };
  features: { network: string; layer: string; tensor: string } | null;
  options: Omit<InversionOptions, 'signal' | 'onProgress' | 'session'> & { batchSize: number };
  summary: InversionSummary;
  images: InversionRecord[];
}

export interface RunOptions extends InversionOptions {
  batchSize: number;
  onBatch?: (done: number, total: number) => void;
}

function row(t: HostTensor, i: number): HostTensor {
  const per = t.data.length / t.dims[0]!;
  return { dtype: t.dtype, dims: [1, ...t.dims.slice(1)], data: (t.data as Float32Array).slice(i * per, (i + 1) * per) };
}

async function runBatches(
  setup: InversionSetup,
  count: number,
  o: RunOptions,
  targetsOf: (indices: number[]) => Promise<HostTensor>,
  each: (r: ImageInversion, target: HostTensor) => void,
): Promise<void> {
  const inverter = await openInverter(setup, o.weights, o.session);
  for (let start = 0; start < count; start += o.batchSize) {
    const indices = Array.from({ length: Math.min(o.batchSize, count - start) }, (_, k) => start + k);
    const targets = await targetsOf(indices);
    const results = await inverter.invert(targets, indices, o);
    results.forEach((r, k) => each(r, unstackImage(targets, k)));
    o.onBatch?.(start + indices.length, count);
  }
}

/** Inverts images `indices` (default all) of a source opened at the generator's output size. */
export async function invertSource(setup: InversionSetup, source: ImageSource, o: RunOptions, indices?: readonly number[]): Promise<InversionRun> {
  const pick = indices ?? Array.from({ length: source.count }, (_, i) => i);
  const results: InversionRun['results'] = [];
  await runBatches(setup, pick.length, o, (ix) => source.batch(ix.map((i) => pick[i]!)), (r, target) =>
    results.push({ ...r, index: pick[r.index]!, id: source.id(pick[r.index]!), target }),
  );
  return { kind: 'real', source: source.description, results };
}

/** Inverts `count` images the generator made from seeded latents (seed `sampleSeed`): z should be recovered. */
export async function invertGenerated(setup: InversionSetup, count: number, sampleSeed: number, o: RunOptions): Promise<InversionRun> {
  const samples = await sampleGenerated(setup, Array.from({ length: count }, (_, i) => i), sampleSeed, o.session);
  const results: InversionRun['results'] = [];
  const pick = (t: HostTensor, ix: number[]): HostTensor => {
    const per = t.data.length / t.dims[0]!;
    const out = new Float32Array(per * ix.length);
    ix.forEach((i, k) => out.set((t.data as Float32Array).subarray(i * per, (i + 1) * per), k * per));
    return { dtype: 'float32', dims: [ix.length, ...t.dims.slice(1)], data: out };
  };
  await runBatches(setup, count, o, async (ix) => pick(samples.images, ix), (r, target) =>
    results.push({ ...r, id: `generated_${String(r.index).padStart(5, '0')}`, target, zTrue: Object.fromEntries(Object.entries(samples.z).map(([k, v]) => [k, row(v, r.index)])) }),
  );
  return { kind: 'generated', source: `${count} generated images (seed ${sampleSeed})`, results };
}

function latentRmse(found: Record<string, HostTensor>, truth: Record<string, HostTensor>): number {
  let s = 0;
  let n = 0;
  for (const [k, t] of Object.entries(truth)) {
    const a = t.data as Float32Array;
    const b = found[k]!.data as Float32Array;
    for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
    n += a.length;
  }
  return Math.sqrt(s / n);
}

function safeId(id: string): string {
  return basename(id, extname(id)).replace(/[^A-Za-z0-9._-]/g, '_');
}

export async function writeInversion(dir: string, setup: InversionSetup, run: InversionRun, o: RunOptions): Promise<InversionFile> {
  mkdirSync(join(dir, 'images'), { recursive: true });
  const records: InversionRecord[] = [];
  for (const r of run.results) {
    const sub = join('images', safeId(r.id));
    const abs = join(dir, sub);
    mkdirSync(abs, { recursive: true });
    writeFileAtomic(join(abs, 'target.png'), await encodePng(r.target));
    writeFileAtomic(join(abs, 'g_z.png'), await encodePng(r.imageZ));
    writeFileAtomic(join(abs, 'g_h.png'), await encodePng(r.imageH));
    const latents = Object.entries(r.z);
    for (const [k, t] of latents) writeNpy(join(abs, latents.length === 1 ? 'z.npy' : `z_${k}.npy`), t);
    writeNpy(join(abs, 'h0.npy'), r.h0);
    writeNpy(join(abs, 'delta.npy'), r.delta);
    writeNpy(join(abs, 'h.npy'), r.h);
    const rec: InversionRecord = { id: r.id, index: r.index, dir: sub, mseZ: r.mseZ, mseH: r.mseH, errorZ: r.errorZ, errorH: r.errorH };
    if (r.zTrue) rec.latentRmse = latentRmse(r.z, r.zTrue);
    writeFileAtomic(join(abs, 'metrics.json'), JSON.stringify({ ...rec, curveZ: r.curveZ, curveDelta: r.curveDelta }, null, 2));
    records.push(rec);
  }
  const n = Math.min(8, run.results.length);
  const first = run.results.slice(0, n);
  writeFileAtomic(join(dir, 'grid.png'), await encodeGridPng([...first.map((r) => r.target), ...first.map((r) => r.imageZ), ...first.map((r) => r.imageH)], { cols: n }));
  const summary: InversionSummary = {
    mseZ: distribution(records.map((r) => r.mseZ)),
    mseH: distribution(records.map((r) => r.mseH)),
    errorZ: distribution(records.map((r) => r.errorZ)),
    errorH: distribution(records.map((r) => r.errorH)),
  };
  if (run.kind === 'generated') summary.latentRmse = distribution(records.map((r) => r.latentRmse!));
  writeFileAtomic(
    join(dir, 'errors.svg'),
    histogramSvg(
      [
        { label: `${run.kind}: latent G(z*)`, values: records.map((r) => r.errorZ), colour: '#d62728' },
        { label: `${run.kind}: layer G2(h*)`, values: records.map((r) => r.errorH), colour: '#1f77b4' },
      ],
      { title: `Reconstruction error at the latent and at ${setup.layerName}`, xLabel: 'reconstruction error L (log scale)' },
    ),
  );
  const { signal: _s, onProgress: _p, onBatch: _b, session: _x, ...options } = o;
  const file: InversionFile = {
    config: setup.config.file,
    kind: run.kind,
    source: run.source,
    ...(run.folder ? { folder: run.folder } : {}),
    layer: { name: setup.layerName, tensor: setup.split.layer, shape: setup.layerShape },
    generator: { output: setup.split.output, outputSize: setup.split.outputSize, latents: setup.split.latents },
    features: setup.features ? { network: setup.features.network, layer: setup.features.layerName, tensor: setup.features.tensor } : null,
    options,
    summary,
    images: records,
  };
  writeFileAtomic(join(dir, 'inversion.json'), JSON.stringify(file, null, 2));
  return file;
}

export interface InversionFolder {
  dir: string;
  file: InversionFile;
  /** h*, G1(z*) or δ* of an image (by id, or by position in the folder). */
  tensor(image: string | number, which: 'h' | 'h0' | 'delta'): HostTensor;
  record(image: string | number): InversionRecord;
}

export function readInversion(dir: string): InversionFolder {
  const path = join(dir, 'inversion.json');
  if (!existsSync(path)) throw badInput(`${dir} is not an inversion folder (no inversion.json).`, { file: dir, hint: 'Pass the --out folder of `gan-lens invert-generator`.' });
  const file = readJsonFile(path, 'Run `gan-lens invert-generator` again into this folder.') as InversionFile;
  if (!Array.isArray(file.images)) throw badInput(`${path} is damaged: it has no "images" list.`, { file: path, hint: 'Run `gan-lens invert-generator` again into this folder.' });
  const record = (image: string | number): InversionRecord => {
    const hit = typeof image === 'number' ? file.images[image] : file.images.find((r) => r.id === image || safeId(r.id) === safeId(image));
    if (!hit) {
      throw badInput(`Inversion ${dir} has no image '${image}'.`, { file: path, hint: `It holds: ${file.images.slice(0, 8).map((r) => r.id).join(', ')}${file.images.length > 8 ? ', …' : ''}.` });
    }
    return hit;
  };
  return { dir, file, record, tensor: (image, which) => readNpy(join(dir, record(image).dir, `${which}.npy`)) };
}
