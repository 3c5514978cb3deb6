/** The first n images of a source (n capped at its count). */
import type { ImageSource } from './source';

export function firstImages(source: ImageSource, n: number): ImageSource {
  if (n >= source.count) return source;
  const count = n;
  return { ...source, description: `the first ${count} of ${source.description}`, count };
}
