/**
 * The gallery's fast path: one warm reconstructor per stitch run (sessions open, LayerX of the originals computed),
 * and the originals decoded and PNG-encoded once per image set. A layer switch is then one forward pass, one
 * activation pass and the reconstructions' PNG encoding.
 */
import type { GanLensConfig } from '../../config/types';
import { openSource } from '../../image-sources/index';
import type { HostTensor } from '../../onnx/tensor';
import { decodeImage, resizeBilinear, stackImages } from '../../runtime/image';
import { fastPngBase64 } from './fast-png';
import type { ProviderChoice } from '../../runtime/providers';
import { compareActivations, summarize } from '../../metrics/activations';
import { openReconstructor, type Reconstructor } from '../../stitch/reconstruct';
import { readRun, type RunInfo } from '../../stitch/run-folder';
import { loadStitchSetup } from '../../stitch/setup';
import { badInput } from '../../util/errors';
import type { ReconstructImagesResult, ReconstructedImage } from '../../../protocol/stitch';
import { deriveSeed } from '../../util/random';

const MAX_WARM_RUNS = 8;
const MAX_IMAGE_SETS = 4;
const MAX_IMAGES = 64;

interface WarmRun {
  run: RunInfo;
  generatorLayer: string;
  reconstructor: Reconstructor;
  /** LayerX of each image set's originals. */
  originalActivations: Map<string, HostTensor>;
}

interface ImageSet {
  ids: string[];
  images: HostTensor;
  pngs: string[];
}

export interface ImageSpec {
  images?: string[];
  count?: number;
}

export class WarmReconstructors {
  private readonly runs = new Map<string, Promise<WarmRun>>();
  private readonly imageSets = new Map<string, Promise<ImageSet>>();

  constructor(private readonly provider: () => ProviderChoice) {}

  clear(): void {
    this.runs.clear();
    this.imageSets.clear();
  }

  /** A run retrained (or resumed) since it was warmed: its conv changed. */
  forget(runDir: string): void {
    for (const key of [...this.runs.keys()]) if (key.endsWith(`|${runDir}`)) this.runs.delete(key);
  }

  async reconstruct(runDir: string, spec: ImageSpec, seed: number): Promise<ReconstructImagesResult & { tensors: { originals: HostTensor; recon: HostTensor } }> {
    const started = performance.now();
    const hadRun = this.runs.has(this.runKey(runDir));
    const warm = await this.warmRun(runDir);
    const config = warm.run.config;
    const set = await this.imageSet(config, spec);
    const hadActivations = warm.originalActivations.has(set.ids.join('\n'));
    let a = warm.originalActivations.get(set.ids.join('\n'));
    if (!a) {
      a = await warm.reconstructor.activations(set.images);
      warm.originalActivations.set(set.ids.join('\n'), a);
    }
    // The noise seed of a first batch, as reconstructSource (the CLI) derives it: same seed, same images.
    const { recon, seconds } = await warm.reconstructor.reconstruct(set.images, deriveSeed(seed, 0));
    const n = set.ids.length;
    // onnxruntime (activations) and sharp (PNGs) run on their own threads: overlap them.
    const [a2, reconPngs] = await Promise.all([
      warm.reconstructor.activations(recon),
      Promise.all(Array.from({ length: n }, (_, i) => fastPngBase64(recon, i))),
    ]);
    const metrics = compareActivations(a2.data as Float32Array, a.data as Float32Array, a.dims);
    const images: ReconstructedImage[] = set.ids.map((id, i) => ({
      id,
      original: set.pngs[i]!,
      reconstruction: reconPngs[i]!,
      cosine: metrics[i]!.cosine,
      l1: metrics[i]!.l1,
    }));
    return {
      run: warm.run.dir,
      layer: warm.run.pair.from,
      generatorLayer: warm.generatorLayer,
      seed,
      images,
      cosine: summarize(images.map((i) => i.cosine)),
      secondsPerImage: seconds / Math.max(1, n),
      ms: performance.now() - started,
      warm: hadRun && hadActivations,
      tensors: { originals: set.images, recon },
    };
  }

  private runKey(dir: string): string {
    return `${this.provider()}|${dir}`;
  }

  private warmRun(dir: string): Promise<WarmRun> {
    const key = this.runKey(dir);
    let hit = this.runs.get(key);
    if (hit) {
      this.runs.delete(key); // re-insert: Map order is the LRU order
      this.runs.set(key, hit);
      return hit;
    }
    hit = (async () => {
      const run = readRun(dir);
      const setup = await loadStitchSetup(run.config, { from: run.pair.from, to: run.pair.to });
      const reconstructor = await openReconstructor({ setup, weight: run.weight, bias: run.bias, session: { provider: this.provider() } });
      return { run, generatorLayer: setup.models.pair.to.name, reconstructor, originalActivations: new Map() };
    })();
    this.runs.set(key, hit);
    hit.catch(() => this.runs.delete(key));
    while (this.runs.size > MAX_WARM_RUNS) this.runs.delete(this.runs.keys().next().value!);
    return hit;
  }

  private imageSet(config: GanLensConfig, spec: ImageSpec): Promise<ImageSet> {
    const [h, w] = config.extractor.inputSize;
    const key = `${config.file}|${h}x${w}|${spec.images ? spec.images.join('\n') : `val:${spec.count ?? 8}`}`;
    let hit = this.imageSets.get(key);
    if (hit) return hit;
    hit = (async () => {
      let ids: string[];
      let images: HostTensor;
      if (spec.images) {
        if (spec.images.length === 0 || spec.images.length > MAX_IMAGES) throw badInput(`Give 1..${MAX_IMAGES} images, got ${spec.images.length}.`);
        const decoded = await Promise.all(spec.images.map(async (f) => {
          const t = await decodeImage(f);
          return t.dims[1] === h && t.dims[2] === w ? t : resizeBilinear(t, h, w);
        }));
        ids = spec.images.map((f) => f.split(/[\\/]/).pop() ?? f);
        images = stackImages(decoded);
      } else {
        const source = openSource(config.data.val, config.extractor.inputSize);
        const count = Math.min(spec.count ?? 8, source.count, MAX_IMAGES);
        if (count < 1) throw badInput(`${config.file}: the validation source (${source.description}) has no images.`, { file: config.file });
        const idx = Array.from({ length: count }, (_, i) => i);
        ids = idx.map((i) => source.id(i));
        images = await source.batch(idx);
      }
      const pngs = await Promise.all(ids.map((_, i) => fastPngBase64(images, i)));
      return { ids, images, pngs };
    })();
    this.imageSets.set(key, hit);
    hit.catch(() => this.imageSets.delete(key));
    while (this.imageSets.size > MAX_IMAGE_SETS) this.imageSets.delete(this.imageSets.keys().next().value!);
    return hit;
  }
}
