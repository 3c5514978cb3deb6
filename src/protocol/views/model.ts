/** Host ↔ webview messages of the model editor (custom editor for .onnx). Discriminated unions on `type`. */
import type { ModelAnalysis } from '../model';
import type { WireError } from '../errors';
import { messageGuard, type MessageOf, type MessageSpec } from './declare';

/** What a user can do with one layer from the model editor. */
export const LAYER_ACTIONS = ['invert', 'stitch', 'visualize', 'copyName'] as const;
export type LayerAction = (typeof LAYER_ACTIONS)[number];

// Model editor (custom editor for .onnx)
export type ModelViewToWebview =
  | { type: 'loading'; file: string }
  | { type: 'analysis'; analysis: ModelAnalysis; trusted: boolean }
  | { type: 'error'; file: string; error: WireError }
  | { type: 'trust'; trusted: boolean };

export const MODEL_VIEW_TO_HOST = {
  ready: {},
  reload: {},
  layerAction: { action: LAYER_ACTIONS, tensor: 'string', name: 'string' },
} as const satisfies MessageSpec;
export type ModelViewToHost = MessageOf<typeof MODEL_VIEW_TO_HOST>;

/** Persisted with vscode.setState so a hidden and shown panel looks the same. */
export interface ModelViewState {
  filter: string;
  scrollTop: number;
  /** Also list tensors computed from weights alone. */
  showConstants?: boolean;
}

export const isModelViewToHost = messageGuard(MODEL_VIEW_TO_HOST);
