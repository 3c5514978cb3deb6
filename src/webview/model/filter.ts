import type { LayerInfo } from '../../protocol/model';

/**
 * Case-insensitive match on name, tensor, aliases, op and shape ("56×56", "Conv"); all words must match. Tensors
 * computed from weights alone (`onnx::Conv_123` copies) only with `withConstants`.
 */
export function filterLayers(layers: readonly LayerInfo[], query: string, withConstants = false): LayerInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const candidates = withConstants ? layers : layers.filter((l) => !l.constant);
  if (words.length === 0) return [...candidates];
  return candidates.filter((l) => {
    const hay = [l.name, l.tensor, l.op, ...l.aliases, l.shape?.join('×') ?? '', l.spatial?.join('×') ?? ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
