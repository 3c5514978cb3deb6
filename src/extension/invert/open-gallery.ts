/** Opens the Reconstruction gallery on a config's trained runs: one slider stop per extractor layer. */
import * as vscode from 'vscode';
import { StitchRunsRequest, type StitchRunSummary } from '../../protocol/stitch';
import type { GalleryLayer } from '../../protocol/views/gallery';
import type { EngineService } from '../engine/service';
import { GalleryPanel } from '../gallery/gallery-panel';
import { galleryImages } from './settings';

/** Best run per extractor layer (runs come best first), in the order of the config's layer table, then by name. */
function galleryLayers(runs: StitchRunSummary[], layerOrder: string[]): GalleryLayer[] {
  const best = new Map<string, StitchRunSummary>();
  for (const r of runs) if (!best.has(r.pair.from)) best.set(r.pair.from, r);
  const rank = (l: string): number => {
    const i = layerOrder.indexOf(l);
    return i < 0 ? layerOrder.length : i;
  };
  return [...best.values()]
    .sort((a, b) => rank(a.pair.from) - rank(b.pair.from) || a.pair.from.localeCompare(b.pair.from))
    .map((r) => ({ layer: r.pair.from, run: r.dir, ...(r.cosine !== undefined ? { cosine: r.cosine } : {}) }));
}

export async function openGalleryForConfig(
  extensionUri: vscode.Uri,
  engine: EngineService,
  config: { uri: vscode.Uri; name: string; extractorLayers: Record<string, string> },
  focusRun?: string,
): Promise<GalleryPanel | undefined> {
  const runs = await engine.client.request(StitchRunsRequest, { config: config.uri.fsPath });
  const layers = galleryLayers(focusRun ? [...runs.filter((r) => r.dir === focusRun), ...runs] : runs, Object.keys(config.extractorLayers));
  if (layers.length === 0) {
    void vscode.window.showInformationMessage(`GAN Lens: ${config.name} has no trained stitch runs yet. Use "Invert This Layer…" or the Train CodeLens first.`);
    return undefined;
  }
  const selected = Math.max(0, layers.findIndex((l) => l.run === focusRun));
  return GalleryPanel.show(extensionUri, engine, { title: `Reconstructions: ${config.name}`, layers, selected, count: galleryImages() });
}
