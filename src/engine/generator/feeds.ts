/**
 * Feeds for a generator's inputs other than the replaced layer: latents from their configured distribution, noise
 * inputs as zeros (const) or fresh Gaussian noise (random), class inputs as class 0. Deterministic per seed.
 */
import type { GeneratorConfig } from '../config/types';
import type { GraphInputInfo } from '../../protocol/model';
import { hostTensor, numel, type HostTensor } from '../onnx/tensor';
import { SeededRandom } from '../util/random';
import { badInput, formatShape } from '../util/errors';

export interface InputPlan {
  /** Name as fed to the session (with any prefix). */
  feedName: string;
  info: GraphInputInfo;
  kind: 'latent' | 'noise' | 'class';
  distribution: 'normal' | 'uniform';
  scale: number;
  /** Shape without the batch dimension. */
  shape: number[];
}

/** Plans how to feed each of `feedNames` (the session's generator inputs, `prefix` + generator input name). */
export function planGeneratorInputs(feedNames: readonly string[], prefix: string, inputs: readonly GraphInputInfo[], cfg: GeneratorConfig, file: string): InputPlan[] {
  return feedNames.map((feedName) => {
    const name = feedName.startsWith(prefix) ? feedName.slice(prefix.length) : feedName;
    const info = inputs.find((i) => i.name === name);
    if (!info) throw badInput(`Generator ${file} has no input '${name}'.`, { file, tensor: name });
    const latent = cfg.latents?.find((l) => l.input === name);
    const isNoise = cfg.noise.inputs.includes(name) || (!latent && info.role === 'noise');
    const kind: InputPlan['kind'] = latent ? 'latent' : isNoise ? 'noise' : info.role === 'class' ? 'class' : info.role === 'latent' ? 'latent' : 'noise';
    let shape = latent?.shape ?? info.shape.slice(1).map((d) => (typeof d === 'number' ? d : NaN));
    if (shape.some((d) => !Number.isFinite(d) || d <= 0)) {
      throw badInput(`Generator input '${name}' of ${file} has shape ${formatShape(info.shape)}; GAN Lens cannot tell how big to make it.`, {
        file,
        tensor: name,
        hint: `Declare it in the config: "latents": [{"input": "${name}", "shape": [...]}] (without the batch dimension).`,
      });
    }
    shape = shape.map(Number);
    // A 'mapping' latent is replaced by the mapping network's z input when the generator is loaded (generator/load.ts).
    const distribution = latent?.distribution === 'uniform' ? 'uniform' : 'normal';
    return { feedName, info, kind, distribution, scale: latent?.scale ?? 1, shape };
  });
}

/** Fills the planned inputs for a batch. `random` mode noise and latents draw from `rng`. */
export function generatorFeeds(plans: readonly InputPlan[], batch: number, rng: SeededRandom, noiseMode: 'const' | 'random'): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  for (const p of plans) {
    const dims = [batch, ...p.shape];
    if (p.kind === 'class') {
      feeds[p.feedName] = hostTensor(p.info.dtype === 'int32' ? 'int32' : 'int64', dims);
      continue;
    }
    const t = hostTensor('float32', dims);
    const d = t.data as Float32Array;
    if (p.kind === 'noise' && noiseMode === 'const') {
      feeds[p.feedName] = t;
      continue;
    }
    if (p.distribution === 'uniform') for (let i = 0; i < numel(dims); i++) d[i] = (rng.next() * 2 - 1) * p.scale;
    else rng.fillNormal(d, p.scale);
    feeds[p.feedName] = t;
  }
  return feeds;
}
