/** A config's layer names to the model's layers. */
import type { LayerInfo, ModelAnalysis } from '../../protocol/model';
import { resolveLayer } from '../onnx/resolve';

/** Looks a layer up through the config's layer table first, then by tensor name, readable name or alias. */
export function lookupLayer(analysis: ModelAnalysis, table: Record<string, string>, query: string): LayerInfo {
  return resolveLayer(analysis, table[query] ?? query);
}
