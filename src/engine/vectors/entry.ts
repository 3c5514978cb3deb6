/**
 * Library entries as stored: library.json may have been edited by hand, written by an older version or left with
 * null scores; every reader goes through `normalizeEntry`, so a bad field degrades to a default instead of a crash.
 */
import { isRecord } from '../util/json-file';
import type { LibraryEntry } from './library';
import type { VectorProvenance } from './sample';

const SOURCES: readonly VectorProvenance['source'][] = ['sample', 'optimised', 'manual'];

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A usable entry from whatever is stored at entries[index]. */
export function normalizeEntry(raw: unknown, index: number): LibraryEntry {
  const r = isRecord(raw) ? raw : {};
  const id = str(r.id, `entry${index + 1}`);
  const p = isRecord(r.provenance) ? r.provenance : {};
  const source = SOURCES.find((s) => s === p.source) ?? 'manual';
  const provenance: VectorProvenance = { source, generator: str(p.generator, ''), layer: str(p.layer, ''), tensor: str(p.tensor, '') };
  const seed = finite(p.seed);
  const idx = finite(p.index);
  const latentSeed = finite(p.latentSeed);
  if (seed !== undefined) provenance.seed = seed;
  if (idx !== undefined) provenance.index = idx;
  if (latentSeed !== undefined) provenance.latentSeed = latentSeed;
  if (Array.isArray(p.position) && p.position.length === 2 && p.position.every((n) => finite(n) !== undefined)) {
    provenance.position = [p.position[0] as number, p.position[1] as number];
  }
  const scores: Record<string, number> = {};
  if (isRecord(r.scores)) for (const [k, v] of Object.entries(r.scores)) if (finite(v) !== undefined) scores[k] = v as number;
  const entry: LibraryEntry = {
    id,
    name: str(r.name, id),
    tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [],
    provenance,
    scores,
  };
  if (typeof r.notes === 'string') entry.notes = r.notes;
  return entry;
}
