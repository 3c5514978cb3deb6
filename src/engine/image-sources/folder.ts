import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { centerCrop, decodeImage, resizeShorterSide, stackImages } from '../runtime/image';
import { badInput } from '../util/errors';
import type { ImageSource } from './source';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff', '.bmp']);

export function listImages(folder: string): string[] {
  if (!existsSync(folder)) throw badInput(`Image folder ${folder} does not exist.`, { file: folder });
  const files = readdirSync(folder)
    .filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()))
    .sort();
  if (files.length === 0) {
    throw badInput(`Image folder ${folder} holds no PNG/JPEG images.`, { file: folder, hint: 'Point the config at a folder of images.' });
  }
  return files.map((f) => join(folder, f));
}

/**
 * Images of a folder (sorted by name), brought to [H, W] as torchvision's Resize(min(H, W)) + CenterCrop((H, W)) does.
 * Masks (same file names in `masks`) are read as label maps from their first channel.
 */
export function folderSource(folder: string, size: [number, number], masks?: string): ImageSource {
  return filesSource(listImages(folder), size, folder, masks);
}

/** Image files named one by one, read as folderSource reads a folder's; ids are the paths relative to `root`. */
export function filesSource(files: readonly string[], size: [number, number], root?: string, masks?: string): ImageSource {
  const [h, w] = size;
  const rel = (f: string): string => (root && f.startsWith(root) ? f.slice(root.length + 1) : (f.split(/[\\/]/).pop() ?? f));
  return {
    description: root ? `${files.length} images in ${root}` : `${files.length} image files`,
    count: files.length,
    async batch(indices) {
      const images = await Promise.all(
        indices.map(async (i) => {
          let t = await decodeImage(files[i]!);
          const [, ih, iw] = t.dims as [number, number, number];
          if (ih !== h || iw !== w) {
            t = resizeShorterSide(t, Math.min(h, w));
            t = centerCrop(t, h, w);
          }
          return t;
        }),
      );
      return stackImages(images);
    },
    id: (i) => rel(files[i]!),
    ...(masks
      ? {
          async labels(i: number) {
            const file = join(masks, rel(files[i]!));
            const t = await decodeImage(file);
            const [, mh, mw] = t.dims as [number, number, number];
            const out = new Uint8Array(mh * mw);
            for (let p = 0; p < out.length; p++) out[p] = Math.round((t.data[p] as number) * 255);
            return out;
          },
        }
      : {}),
  };
}
