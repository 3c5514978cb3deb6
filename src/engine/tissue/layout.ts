/** The per-tile layout: which structures a tile holds and where, painted into the label map. */
import type { TissueCanvas } from './canvas';
import type { Rng } from './rng';
import { placeEdge, placeFat } from './fat';
import { placeGlands, type Gland } from './glands';
import { LABEL_STROMA } from './labels';
import { placeTumourNests, type TumourNest } from './tumour';

export type TileKind = 'glands' | 'tumour' | 'mixed' | 'edge';
const KINDS: readonly TileKind[] = ['glands', 'tumour', 'mixed', 'mixed', 'edge'];

export interface Layout {
  kind: TileKind;
  glands: Gland[];
  nests: TumourNest[];
}

/** Draws the tile's structure into canvas.labels: stroma first, then fat/edge, glands, tumour nests on top. */
export function composeLayout(rng: Rng, canvas: TissueCanvas): Layout {
  canvas.labels.fill(LABEL_STROMA);
  const kind = rng.pick(KINDS);
  if (kind === 'edge') placeEdge(rng, canvas);
  if (rng.chance(kind === 'glands' ? 0.35 : 0.2)) placeFat(rng, canvas);
  const glandCount = kind === 'glands' ? 2 + rng.int(3) : kind === 'mixed' ? 1 + rng.int(3) : kind === 'edge' ? rng.int(2) : rng.int(2) * rng.int(2);
  const glands = placeGlands(rng, canvas, glandCount);
  const nestCount = kind === 'tumour' ? 1 + rng.int(3) : kind === 'mixed' ? 1 + rng.int(2) : kind === 'edge' ? rng.int(2) : 0;
  const nests = placeTumourNests(rng, canvas, nestCount, kind === 'tumour');
  return { kind, glands, nests };
}
