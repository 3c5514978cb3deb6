import type { DataSource } from '../config/types';
import { folderSource } from './folder';
import { proceduralSource } from './procedural';
import type { ImageSource } from './source';

export type { ImageSource } from './source';

/** The image source a config's data entry describes, at the extractor's input size. */
export function openSource(d: DataSource, size: [number, number]): ImageSource {
  if (d.kind === 'folder') return folderSource(d.folder, size, d.masks);
  return proceduralSource(d.seed, d.count, d.size);
}
