/**
 * Sweep kind `compat`: one item per cell of the compatibility matrix (extractor layer × sampling distance, or ×
 * generator layer with --all), each a short stitch; merging computes the relative values per row and writes the
 * compat.json and heat maps that `gan-lens compat` writes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OFFSETS, compatibility, relativise, writeCompat, type CompatCell } from '../../stitch/compat';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import { intFlag } from '../../cli/shared/options';
import type { SweepKindImpl } from './kind';

interface CompatSettings {
  rows: string[];
  columns: string[];
  /** Columns are sampling distances (−2..+2) rather than named generator layers. */
  byOffset: boolean;
  samples?: number;
  validationSize?: number;
}

interface CellParams {
  from: string;
  column: string;
  to: string | null;
  offset: number | null;
}

const label = (offset: number): string => (offset > 0 ? `+${offset}` : String(offset));

export const compatKind: SweepKindImpl = {
  flags: { from: { type: 'string' }, all: { type: 'boolean' }, samples: { type: 'string' }, 'validation-size': { type: 'string' } },
  usage: `  --kind compat: --from LAYER | --all [--samples N] [--validation-size N]
    one item per matrix cell; merge writes compat.json and compat-{cosine,l1}.{svg,png} as \`gan-lens compat\` would
    (the cells' stitch runs stay in the items' folders).`,
  plan(config, f) {
    const all = f.all === true;
    const from = typeof f.from === 'string' ? f.from : undefined;
    if (!all && !from) throw badInput('--kind compat needs --from LAYER (or --all).');
    const rows = all ? (Object.keys(config.extractor.layers).length ? Object.keys(config.extractor.layers) : [...new Set(config.pairs.map((p) => p.from))]) : [from!];
    const toLayers = all ? Object.keys(config.generator.layers) : null;
    if (toLayers && toLayers.length === 0) throw badInput(`${config.file}: --all needs /generator/layers to name the generator layers.`, { file: config.file });
    const cols: CellParams[] = toLayers ? toLayers.map((to) => ({ from: '', column: to, to, offset: null })) : DEFAULT_OFFSETS.map((o) => ({ from: '', column: label(o), to: null, offset: o }));
    const settings: CompatSettings = { rows, columns: cols.map((c) => c.column), byOffset: !toLayers };
    const samples = intFlag('samples', typeof f.samples === 'string' ? f.samples : undefined, 1);
    const validationSize = intFlag('validation-size', typeof f['validation-size'] === 'string' ? f['validation-size'] : undefined, 1);
    if (samples) settings.samples = samples;
    if (validationSize) settings.validationSize = validationSize;
    let n = 0;
    const items = rows.flatMap((row) =>
      cols.map((c) => ({ id: `${String(n++).padStart(3, '0')}-compat-${row}-${c.column}`.replace(/[^A-Za-z0-9._+-]+/g, '_'), params: { ...c, from: row } satisfies CellParams as Record<string, unknown> })),
    );
    return { settings: settings as unknown as Record<string, unknown>, items };
  },
  // A cell's stitch is one short epoch; an interrupted cell starts over.
  progress: () => 0,
  async runItem({ plan, item, config, out, session, signal, log }) {
    const s = plan.settings as unknown as CompatSettings;
    const p = item.params as unknown as CellParams;
    const [cell] = await compatibility({
      config,
      fromLayers: [p.from],
      ...(p.to ? { toLayers: [p.to] } : { offsets: [p.offset ?? 0] }),
      outDir: out,
      ...(s.samples ? { samples: s.samples } : {}),
      ...(s.validationSize ? { validationSize: s.validationSize } : {}),
      session,
      signal,
    });
    log(`[compat] ${p.from} → ${cell!.to ?? p.column}: ${cell!.cosine === null ? cell!.note : `cosine ${cell!.cosine.toFixed(4)}`}`);
    writeFileAtomic(join(out, 'cell.json'), JSON.stringify(cell, null, 2));
  },
  async merge({ plan, outs }, dir) {
    const s = plan.settings as unknown as CompatSettings;
    const cells = plan.items.map((item, i): CompatCell => {
      const f = join(outs[i]!, 'cell.json');
      if (!existsSync(f)) throw badInput(`Item ${item.id} is marked done but ${f} is missing.`, { file: f, hint: 'Delete its done.json and run `gan-lens sweep retry`.' });
      return { ...(JSON.parse(readFileSync(f, 'utf8')) as CompatCell), relativeCosine: null, relativeL1: null };
    });
    for (const row of s.rows) relativise(cells.filter((c) => c.from === row));
    await writeCompat(dir, cells, s.rows, s.columns, s.byOffset);
    return [join(dir, 'compat.json'), join(dir, 'compat-cosine.svg'), join(dir, 'compat-l1.svg')];
  },
};
