/** Sizes a config may ask for that the schema cannot bound on its own, and data folders that must be folders. */
import { statSync } from 'node:fs';
import type { GanLensConfig } from './types';
import { badInput, formatShape } from '../util/errors';

/** At most this many values per latent input per image (16 Mi floats = 64 MiB). */
const MAX_LATENT_ELEMENTS = 16 * 1024 * 1024;

export function checkConfigBounds(cfg: GanLensConfig): void {
  const models: [string, string][] = [['/extractor/model', cfg.extractor.model], ['/generator/model', cfg.generator.model], ...Object.entries(cfg.testNetworks).map(([k, n]): [string, string] => [`/testNetworks/${k}/model`, n.model])];
  for (const [ptr, file] of models) {
    if (!statSync(file).isFile()) throw badInput(`${cfg.file}: ${ptr}: ${file} is a folder, not an .onnx file.`, { file: cfg.file, hint: 'Point it at the model file.' });
  }
  (cfg.generator.latents ?? []).forEach((l, i) => {
    const n = l.shape.reduce((a, b) => a * b, 1);
    if (n > MAX_LATENT_ELEMENTS) {
      throw badInput(`${cfg.file}: /generator/latents/${i}/shape ${formatShape(l.shape)} has ${n} values per image; at most ${MAX_LATENT_ELEMENTS}.`, {
        file: cfg.file,
        shape: l.shape,
        hint: "Give the latent's shape without the batch dimension, as the generator's input declares it.",
      });
    }
  });
  for (const [k, d] of Object.entries(cfg.data)) {
    if (d.kind === 'folder' && !statSync(d.folder).isDirectory()) {
      throw badInput(`${cfg.file}: /data/${k}/folder: ${d.folder} is a file, not a folder of images.`, { file: cfg.file, hint: 'Point it at the folder that holds the images.' });
    }
  }
}
