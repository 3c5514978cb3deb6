/**
 * The vector library: named activation vectors of one generator layer, kept in the workspace as
 *
 *   <workspace>/.ganlens/vectors/<name>/library.json     entries (id, name, tags, provenance, scores) + metadata
 *   <workspace>/.ganlens/vectors/<name>/vectors-<hash>.npy   float32 [N, C]; row i belongs to entries[i]
 *
 * library.json names its vector file, and each version's vectors go to a new content-named file written before the
 * JSON, so a reader always sees a JSON and the matrix it was written with. Writers take a lock file and re-read
 * the library inside it (read–modify–write), so concurrent processes never lose each other's edits.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNpy, encodeNpy } from '../runtime/npy';
import { writeFileAtomic } from '../util/atomic';
import { badInput, formatShape } from '../util/errors';
import type { VectorProvenance } from './sample';
import { withLock } from './lock';
import { normalizeEntry } from './entry';

const LIBRARY_FORMAT = 'gan-lens-vector-library';

export interface LibraryEntry {
  id: string;
  name: string;
  tags: string[];
  provenance: VectorProvenance;
  /** Named numbers computed for this vector (e.g. tileability, a class confidence). */
  scores: Record<string, number>;
  notes?: string;
}

export interface LibraryMeta {
  format: typeof LIBRARY_FORMAT;
  version: 1;
  name: string;
  generator: string;
  layer: string;
  tensor: string;
  channels: number;
  /** File name of the [N, C] float32 matrix, next to library.json. */
  vectors: string;
  nextId: number;
  entries: LibraryEntry[];
}

export interface LibraryIdentity {
  generator: string;
  layer: string;
  tensor: string;
  channels: number;
}

export function libraryDir(workspace: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw badInput(`'${name}' is not a usable library name.`, { hint: 'Use letters, digits, dot, dash and underscore.' });
  }
  return join(workspace, '.ganlens', 'vectors', name);
}

export function listLibraries(workspace: string): string[] {
  const root = join(workspace, '.ganlens', 'vectors');
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((n) => existsSync(join(root, n, 'library.json'))).sort();
}

/** A library as read from disk: immutable view plus editing helpers used inside updateLibrary. */
export class VectorLibrary {
  constructor(
    readonly dir: string,
    readonly meta: LibraryMeta,
    /** Row-major [entries, channels]. */
    private rows: Float32Array[],
  ) {}

  get entries(): readonly LibraryEntry[] {
    return this.meta.entries;
  }

  get size(): number {
    return this.meta.entries.length;
  }

  /** Entry by id or name. */
  find(ref: string): LibraryEntry | undefined {
    return this.meta.entries.find((e) => e.id === ref) ?? this.meta.entries.find((e) => e.name === ref);
  }

  get(ref: string): { entry: LibraryEntry; vector: Float32Array } {
    const i = this.indexOf(ref);
    return { entry: this.meta.entries[i]!, vector: this.rows[i]! };
  }

  vectorAt(i: number): Float32Array {
    return this.rows[i]!;
  }

  private indexOf(ref: string): number {
    let i = this.meta.entries.findIndex((e) => e.id === ref);
    if (i < 0) i = this.meta.entries.findIndex((e) => e.name === ref);
    if (i < 0) {
      const names = this.meta.entries.slice(0, 12).map((e) => e.name);
      throw badInput(`Library '${this.meta.name}' has no vector '${ref}'.`, {
        file: join(this.dir, 'library.json'),
        hint: names.length ? `It has: ${names.join(', ')}${this.size > 12 ? ', …' : ''} (\`gan-lens vectors list\`).` : 'It is empty: add vectors with `gan-lens vectors sample`.',
      });
    }
    return i;
  }

  add(vector: Float32Array, e: { name?: string; tags?: string[]; provenance: VectorProvenance; scores?: Record<string, number>; notes?: string }): LibraryEntry {
    if (vector.length !== this.meta.channels) {
      throw badInput(`A vector of ${vector.length} values does not fit library '${this.meta.name}' (${this.meta.layer}, ${this.meta.channels} channels).`, {
        shape: [vector.length],
      });
    }
    const id = `v${this.meta.nextId++}`;
    const name = e.name ?? id;
    if (this.find(name)) throw badInput(`Library '${this.meta.name}' already has a vector named '${name}'.`, { hint: 'Pick another name.' });
    const entry: LibraryEntry = { id, name, tags: [...(e.tags ?? [])], provenance: e.provenance, scores: { ...(e.scores ?? {}) }, ...(e.notes ? { notes: e.notes } : {}) };
    this.meta.entries.push(entry);
    this.rows.push(Float32Array.from(vector));
    return entry;
  }

  remove(ref: string): LibraryEntry {
    const i = this.indexOf(ref);
    const [entry] = this.meta.entries.splice(i, 1);
    this.rows.splice(i, 1);
    return entry!;
  }

  rename(ref: string, name: string): LibraryEntry {
    const entry = this.meta.entries[this.indexOf(ref)]!;
    const other = this.find(name);
    if (other && other !== entry) throw badInput(`Library '${this.meta.name}' already has a vector named '${name}' (${other.id}).`, { hint: 'Rename or remove that one first.' });
    entry.name = name;
    return entry;
  }

  tag(ref: string, add: readonly string[], remove: readonly string[] = []): LibraryEntry {
    const entry = this.meta.entries[this.indexOf(ref)]!;
    entry.tags = [...new Set([...entry.tags.filter((t) => !remove.includes(t)), ...add])];
    return entry;
  }

  setScore(ref: string, key: string, value: number): void {
    if (!Number.isFinite(value)) throw badInput(`The score '${key}' of vector '${ref}' is ${value}; only finite scores are stored.`);
    this.meta.entries[this.indexOf(ref)]!.scores[key] = value;
  }

  /** The matrix of all vectors, [N, C]. */
  matrix(): Float32Array {
    const c = this.meta.channels;
    const m = new Float32Array(this.rows.length * c);
    this.rows.forEach((r, i) => m.set(r, i * c));
    return m;
  }
}

function readLibrary(dir: string): VectorLibrary {
  const file = join(dir, 'library.json');
  if (!existsSync(file)) {
    throw badInput(`No vector library at ${dir}.`, { file, hint: 'Create one with `gan-lens vectors sample --library NAME`.' });
  }
  let meta: LibraryMeta;
  try {
    meta = JSON.parse(readFileSync(file, 'utf8')) as LibraryMeta;
  } catch (e) {
    throw badInput(`${file} is not valid JSON: ${(e as Error).message}.`, { file });
  }
  if (typeof meta !== 'object' || meta === null || meta.format !== LIBRARY_FORMAT) {
    throw badInput(`${file} is not a GAN Lens vector library (format '${String((meta as Partial<LibraryMeta> | null)?.format)}').`, { file });
  }
  if (!Array.isArray(meta.entries) || typeof meta.vectors !== 'string' || !Number.isInteger(meta.channels) || meta.channels <= 0) {
    throw badInput(`${file} is damaged: it needs an "entries" list, a "vectors" file name and a positive "channels".`, { file, hint: 'Restore it, or remove the library folder and sample again.' });
  }
  meta.entries = meta.entries.map((e, i) => normalizeEntry(e, i));
  if (!Number.isInteger(meta.nextId) || meta.nextId < 1) meta.nextId = meta.entries.length + 1;
  const npyFile = join(dir, meta.vectors);
  const n = meta.entries.length;
  const rows: Float32Array[] = [];
  if (n > 0) {
    const t = decodeNpy(readFileSync(npyFile), npyFile);
    if (t.dtype !== 'float32' || t.dims.length !== 2 || t.dims[0] !== n || t.dims[1] !== meta.channels) {
      throw badInput(`${npyFile} holds ${t.dtype} ${formatShape(t.dims)}; library.json expects float32 [${n}, ${meta.channels}].`, {
        file: npyFile,
        hint: 'The library was edited by hand or is damaged: restore it, or remove it and sample again.',
      });
    }
    const d = t.data as Float32Array;
    for (let i = 0; i < n; i++) rows.push(d.slice(i * meta.channels, (i + 1) * meta.channels));
  }
  return new VectorLibrary(dir, meta, rows);
}

function writeLibrary(lib: VectorLibrary): void {
  const m = lib.matrix();
  const bytes = encodeNpy({ dtype: 'float32', dims: [lib.size, lib.meta.channels], data: m });
  const name = `vectors-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.npy`;
  if (!existsSync(join(lib.dir, name))) writeFileAtomic(join(lib.dir, name), bytes);
  lib.meta.vectors = name;
  writeFileAtomic(join(lib.dir, 'library.json'), `${JSON.stringify(lib.meta, null, 2)}\n`);
  // Older matrices: gone once the new JSON is in place (a reader holding the old JSON retries on ENOENT).
  for (const f of readdirSync(lib.dir)) if (/^vectors-[0-9a-f]+\.npy$/.test(f) && f !== name) rmSync(join(lib.dir, f), { force: true });
}

/**
 * Read–modify–write under the library's lock. Creates the library with `identity` when it does not exist yet; an
 * existing library must match it (same layer and channel count).
 */
export async function updateLibrary<T>(dir: string, identity: LibraryIdentity | undefined, edit: (lib: VectorLibrary) => T): Promise<T> {
  return withLock(join(dir, 'library.lock'), () => {
    let lib: VectorLibrary;
    if (existsSync(join(dir, 'library.json'))) {
      lib = readLibrary(dir);
      if (identity && (identity.tensor !== lib.meta.tensor || identity.channels !== lib.meta.channels)) {
        throw badInput(`Library '${lib.meta.name}' holds vectors of ${lib.meta.layer} (${lib.meta.tensor}, ${lib.meta.channels} channels), not of ${identity.layer} (${identity.tensor}, ${identity.channels} channels).`, {
          file: join(dir, 'library.json'),
          hint: 'Use another library name for another layer.',
        });
      }
    } else {
      if (!identity) throw badInput(`No vector library at ${dir}.`, { file: join(dir, 'library.json'), hint: 'Create one with `gan-lens vectors sample --library NAME`.' });
      const name = dir.split(/[\\/]/).filter(Boolean).pop()!;
      lib = new VectorLibrary(dir, { format: LIBRARY_FORMAT, version: 1, name, ...identity, vectors: 'vectors-empty.npy', nextId: 1, entries: [] }, []);
    }
    const result = edit(lib);
    writeLibrary(lib);
    return result;
  });
}

/** Reads a library, retrying once when a concurrent writer replaced its matrix between the two reads. */
export function openLibrary(dir: string): VectorLibrary {
  try {
    return readLibrary(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return readLibrary(dir);
    throw e;
  }
}
