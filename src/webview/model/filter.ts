import type { LayerInfo } from '../../engine/protocol/model';

/** Case-insensitive match on name, tensor, aliases, op and shape ("56×56", "Conv"); all words must match. */
export function filterLayers(layers: readonly LayerInfo[], query: string): LayerInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...layers];
  return layers.filter((l) => {
    const hay = [l.name, l.tensor, l.op, ...l.aliases, l.shape?.join('×') ?? '', l.spatial?.join('×') ?? ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
