/**
 * Picking a library vector for a class: each vector's visualisation (replicated, or on a grid of size k; on the
 * sample it came from) goes through a segmentation network; the score is the mean softmax probability of the class over the image. The vector
 * the network labels that class most confidently is the one to paint that class with.
 */
import { badInput, cancelledError } from '../util/errors';
import { stackImages } from '../runtime/image';
import type { VectorLibrary } from '../vectors/library';
import type { GeneratorParts } from '../vectors/parts';
import { visualizeVectors } from '../vectors/visualize';
import { meanClassProbability, type Segmenter } from './segmenter';

export interface ClassScore {
  id: string;
  name: string;
  score: number;
}

export async function scoreLibraryForClass(
  parts: GeneratorParts,
  seg: Segmenter,
  lib: VectorLibrary,
  classId: number,
  o: { grid?: number; batchSize?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<ClassScore[]> {
  const batch = Math.max(1, o.batchSize ?? 16);
  const out: ClassScore[] = [];
  for (let s = 0; s < lib.size; s += batch) {
    if (o.signal?.aborted) throw cancelledError('Scoring vectors');
    const entries = lib.entries.slice(s, s + batch);
    const items = entries.map((e, i) => ({ vector: lib.vectorAt(s + i), baseSeed: e.provenance.latentSeed ?? 0 }));
    const imgs = await visualizeVectors(parts, items, { grids: [o.grid ?? 0], batchSize: batch });
    const r = await seg.segment(stackImages(imgs.map((v) => v[0]!)));
    if (!Number.isInteger(classId) || classId < 0 || classId >= r.classes) {
      throw badInput(`Class ${classId} does not exist: the judging network's output '${seg.output}' has ${r.classes} classes (0–${r.classes - 1}).`, { hint: `Pass --class between 0 and ${r.classes - 1}.` });
    }
    entries.forEach((e, i) => out.push({ id: e.id, name: e.name, score: meanClassProbability(r, i, classId) }));
    o.onProgress?.(out.length, lib.size);
  }
  return out.sort((a, b) => b.score - a.score);
}
