/** Finds a layer by tensor name, readable name or module alias; a miss lists the closest names. */
import type { LayerInfo, ModelAnalysis } from '../../protocol/model';
import { badInput } from '../util/errors';

export function findLayer(analysis: ModelAnalysis, query: string): LayerInfo | undefined {
  const q = query.trim();
  const { layers } = analysis;
  return (
    layers.find((l) => l.tensor === q) ??
    layers.find((l) => l.name === q) ??
    layers.find((l) => l.aliases.includes(q)) ??
    layers.find((l) => l.name.toLowerCase() === q.toLowerCase() || l.aliases.some((a) => a.toLowerCase() === q.toLowerCase()))
  );
}

/** The layer a user means by a tensor name, a readable name (`layer1.2.relu_2`) or an alias (`layer1`). */
export function resolveLayer(analysis: ModelAnalysis, query: string): LayerInfo {
  const hit = findLayer(analysis, query);
  if (hit) return hit;
  const close = closeMatches(analysis, query);
  throw badInput(`${analysis.summary.file} has no layer or tensor named '${query}'.`, {
    file: analysis.summary.file,
    tensor: query,
    hint: close.length
      ? `Did you mean ${close.map((c) => `'${c}'`).join(', ')}? \`gan-lens layers ${analysis.summary.file}\` lists them all.`
      : `\`gan-lens layers ${analysis.summary.file}\` lists the layer names.`,
  });
}

export function closeMatches(analysis: ModelAnalysis, query: string, limit = 5): string[] {
  const q = query.toLowerCase();
  const candidates = new Set<string>();
  for (const l of analysis.layers) {
    candidates.add(l.name);
    for (const a of l.aliases) candidates.add(a);
  }
  const scored = [...candidates].map((c) => {
    const lc = c.toLowerCase();
    const d = lc.includes(q) || q.includes(lc) ? Math.abs(lc.length - q.length) / 4 : editDistance(lc, q);
    return { c, d };
  });
  const maxDistance = Math.max(2, Math.floor(q.length / 3));
  return scored
    .filter((s) => s.d <= maxDistance)
    .sort((a, b) => a.d - b.d || a.c.length - b.c.length || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((s) => s.c);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}
