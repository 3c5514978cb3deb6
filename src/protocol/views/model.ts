/** Host ↔ webview messages of the model editor (custom editor for .onnx). Discriminated unions on `type`. */
import type { ModelAnalysis } from '../model';
import type { WireError } from '../errors';

/** What a user can do with one layer from the model editor. */
export type LayerAction = 'invert' | 'stitch' | 'visualize' | 'copyName';

// Model editor (custom editor for .onnx)
export type ModelViewToWebview =
  | { type: 'loading'; file: string }
  | { type: 'analysis'; analysis: ModelAnalysis; trusted: boolean }
  | { type: 'error'; file: string; error: WireError }
  | { type: 'trust'; trusted: boolean };

export type ModelViewToHost =
  | { type: 'ready' }
  | { type: 'reload' }
  | { type: 'layerAction'; action: LayerAction; tensor: string; name: string };

/** Persisted with vscode.setState so a hidden and shown panel looks the same. */
export interface ModelViewState {
  filter: string;
  scrollTop: number;
  /** Also list tensors computed from weights alone. */
  showConstants?: boolean;
}

export function isModelViewToHost(v: unknown): v is ModelViewToHost {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  if (m.type === 'ready' || m.type === 'reload') return true;
  return (
    m.type === 'layerAction' &&
    (m.action === 'invert' || m.action === 'stitch' || m.action === 'visualize' || m.action === 'copyName') &&
    typeof m.tensor === 'string' &&
    typeof m.name === 'string'
  );
}
