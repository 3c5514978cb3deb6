/** The workspace's *.ganlens.json configs, read just enough to offer them in quick picks (the engine validates). */
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface ConfigSummary {
  uri: vscode.Uri;
  name: string;
  extractorModel?: string;
  generatorModel?: string;
  /** Readable extractor layer name → tensor/alias/name. */
  extractorLayers: Record<string, string>;
  /** Absolute folder for runs and reports (config "output", default "runs"). */
  output: string;
  pairs: { from: string; to: string }[];
}

/** The run folder stitch/train uses by default for a pair (server/features/stitch-train.ts defaultRunDir). */
export function runFolderFor(c: ConfigSummary, from: string, to = 'auto'): string {
  return path.join(c.output, `stitch-${from}-${to}`.replace(/[^A-Za-z0-9._-]+/g, '_'));
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export async function readConfigSummary(uri: vscode.Uri): Promise<ConfigSummary | undefined> {
  try {
    const raw = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as Record<string, Record<string, unknown> | undefined>;
    const dir = path.dirname(uri.fsPath);
    const abs = (p: string | undefined): string | undefined => (p ? path.resolve(dir, p) : undefined);
    const layers = raw.extractor?.layers;
    return {
      uri,
      name: str(raw.name as unknown) ?? path.basename(uri.fsPath, '.ganlens.json'),
      extractorModel: abs(str(raw.extractor?.model)),
      generatorModel: abs(str(raw.generator?.model)),
      output: path.resolve(dir, str(raw.output as unknown) ?? 'runs'),
      pairs: (Array.isArray(raw.pairs) ? (raw.pairs as unknown[]) : [])
        .filter((p): p is { from: string; to?: string } => typeof p === 'object' && p !== null && typeof (p as { from?: unknown }).from === 'string')
        .map((p) => ({ from: p.from, to: typeof p.to === 'string' ? p.to : 'auto' })),
      extractorLayers: typeof layers === 'object' && layers !== null ? Object.fromEntries(Object.entries(layers).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {},
    };
  } catch {
    return undefined; // not valid JSON: the editor's diagnostics say why
  }
}

export async function workspaceConfigs(): Promise<ConfigSummary[]> {
  const uris = await vscode.workspace.findFiles('**/*.ganlens.json', '**/node_modules/**', 100);
  const all = await Promise.all(uris.map(readConfigSummary));
  return all.filter((c): c is ConfigSummary => c !== undefined).sort((a, b) => a.uri.fsPath.localeCompare(b.uri.fsPath));
}

/** The config's name for a layer of its extractor (its layer table key), else the layer's tensor. */
export function configLayerName(c: ConfigSummary, layer: { name: string; tensor: string; aliases: string[] }): string {
  const hit = Object.entries(c.extractorLayers).find(([key, v]) => key === layer.name || v === layer.tensor || v === layer.name || layer.aliases.includes(v));
  if (hit) return hit[0];
  // A pair may name the layer by its module alias without a table entry (a config written by hand).
  return c.pairs.find((p) => p.from === layer.name || p.from === layer.tensor || layer.aliases.includes(p.from))?.from ?? layer.tensor;
}
