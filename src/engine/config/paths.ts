/**
 * Which of a config's paths leave its folder (`../../etc/passwd`, an absolute path elsewhere). The CLI follows
 * them but says so; the editor's engine refuses them unless they lie inside an allowed root.
 */
import { isAbsolute, relative } from 'node:path';
import type { GanLensConfig } from './types';

export interface ConfigPath {
  /** JSON pointer of the key in the config file. */
  key: string;
  path: string;
}

export function configPaths(cfg: GanLensConfig): ConfigPath[] {
  const out: ConfigPath[] = [
    { key: '/extractor/model', path: cfg.extractor.model },
    { key: '/generator/model', path: cfg.generator.model },
    { key: '/output', path: cfg.output },
    ...Object.entries(cfg.testNetworks).map(([k, n]) => ({ key: `/testNetworks/${k}/model`, path: n.model })),
  ];
  for (const [k, d] of Object.entries(cfg.data)) {
    if (d.kind !== 'folder') continue;
    out.push({ key: `/data/${k}/folder`, path: d.folder });
    if (d.masks) out.push({ key: `/data/${k}/masks`, path: d.masks });
  }
  return out;
}

export function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The config's paths outside every one of the roots (default: the config's own folder). */
export function pathsOutside(cfg: GanLensConfig, roots: readonly string[] = [cfg.dir]): ConfigPath[] {
  return configPaths(cfg).filter((p) => !roots.some((r) => isWithin(p.path, r)));
}

/** One line per path that leaves the config's folder, for the CLI to print before it follows them. */
export function outsideNotes(cfg: GanLensConfig): string[] {
  return pathsOutside(cfg).map((p) => `note: ${cfg.file}: ${p.key} resolves to ${p.path}, outside the config's folder ${cfg.dir}.`);
}
