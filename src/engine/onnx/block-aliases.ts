/**
 * StyleGAN2's synthesis blocks return two tensors, the features and the RGB skip image their `torgb` adds; the image
 * leaves the block last, so the plain module rule would alias `synthesis.b64` to a 3-channel image. A block with an
 * RGB child and feature children is aliased to its features instead: the latest feature tensor that leaves it, else
 * (the last block, whose features nothing outside uses) its last feature child's output.
 */
import type { LayerInfo } from '../../protocol/model';

const isImage = (l: LayerInfo | undefined): boolean => !!l?.shape && l.shape.length === 4 && typeof l.shape[1] === 'number' && l.shape[1] <= 4;
const isFeature = (l: LayerInfo | undefined): boolean => !!l?.shape && l.shape.length === 4 && typeof l.shape[1] === 'number' && l.shape[1] > 4 && !!l.spatial;
const lastSegment = (m: string): string => m.slice(m.lastIndexOf('.') + 1);

/** Moves block aliases from the RGB skip image to the block's features; `leaving` lists each module's exits in graph order. */
export function aliasBlockFeatures(layers: LayerInfo[], aliasTarget: ReadonlyMap<string, string>, leaving: ReadonlyMap<string, readonly string[]>): void {
  const byTensor = new Map(layers.map((l, i) => [l.tensor, { l, i }]));
  const at = (t: string | undefined): LayerInfo | undefined => (t ? byTensor.get(t)?.l : undefined);
  const order = (t: string): number => byTensor.get(t)?.i ?? -1;
  for (const [module, target] of aliasTarget) {
    if (!isImage(at(target))) continue;
    const children = [...aliasTarget.keys()].filter((m) => m.startsWith(`${module}.`) && !m.slice(module.length + 1).includes('.'));
    const hasRgb = children.some((c) => /rgb/i.test(lastSegment(c)) && isImage(at(aliasTarget.get(c))));
    const features = children.map((c) => aliasTarget.get(c)!).filter((t) => isFeature(at(t)));
    if (!hasRgb || features.length === 0) continue;
    const exits = (leaving.get(module) ?? []).filter((t) => isFeature(at(t)));
    const pick = (exits.length > 0 ? exits : features).reduce((a, b) => (order(b) > order(a) ? b : a));
    const from = at(target)!;
    from.aliases = from.aliases.filter((a) => a !== module);
    const to = at(pick)!;
    if (to.name !== module && !to.aliases.includes(module)) to.aliases = [...to.aliases, module].sort((a, b) => b.split('.').length - a.split('.').length);
  }
}
