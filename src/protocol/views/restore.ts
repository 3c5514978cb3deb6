/**
 * What a panel needs to come back after a window reload. The host sends it as a `restoreState` message; the webview
 * keeps it in its persisted state (vscode.setState) beside the view's own state, and VS Code hands it to the panel
 * serializer on reload. The data itself stays in the run folder (report.json, metrics.json, stitch runs).
 */
import type { GalleryLayer } from './gallery';
import type { StitchPanelInfo } from './stitch-panel';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export type ViewRestore =
  | { view: 'gallery'; title: string; layers: GalleryLayer[]; selected: number; seed: number; count?: number }
  | { view: 'compare'; report: string }
  | { view: 'stitch'; info: StitchPanelInfo }
  | { view: 'atlas'; config: string; layer: string };

export interface RestoreStateMessage {
  type: 'restoreState';
  restore: ViewRestore;
}

export function isRestoreStateMessage(v: unknown): v is RestoreStateMessage {
  return isObject(v) && v.type === 'restoreState' && isObject(v.restore) && typeof v.restore.view === 'string';
}

/** The restore part of a webview's persisted state, checked (state is whatever the page last saved). */
export function restoreFromState(state: unknown): ViewRestore | undefined {
  if (!isObject(state) || !isObject(state.restore)) return undefined;
  const r = state.restore;
  switch (r.view) {
    case 'gallery':
      return typeof r.title === 'string' && Array.isArray(r.layers) && r.layers.every((l) => isObject(l) && typeof l.layer === 'string' && typeof l.run === 'string') && typeof r.selected === 'number' && typeof r.seed === 'number'
        ? (r as ViewRestore)
        : undefined;
    case 'compare':
      return typeof r.report === 'string' ? (r as ViewRestore) : undefined;
    case 'stitch':
      return isObject(r.info) && typeof r.info.outDir === 'string' && typeof r.info.layer === 'string' && typeof r.info.config === 'string' ? (r as ViewRestore) : undefined;
    case 'atlas':
      return typeof r.config === 'string' && typeof r.layer === 'string' ? (r as ViewRestore) : undefined;
    default:
      return undefined;
  }
}
