/**
 * Which execution provider ran each node, read from onnxruntime's profile (the only place onnxruntime-node reports
 * node placement), and the one-line summary of nodes a GPU session left on the CPU.
 */
import type { ProviderName } from './providers';

export interface NodePlacement {
  /** onnxruntime provider name (e.g. CPUExecutionProvider) → op type → number of nodes. */
  byProvider: Record<string, Record<string, number>>;
  total: number;
}

interface ProfileEvent {
  cat?: string;
  name?: string;
  args?: { op_name?: string; provider?: string };
}

/** Parses an onnxruntime profile (JSON array of trace events); each node counted once however often it ran. */
export function placementFromProfile(json: string): NodePlacement {
  const events = JSON.parse(json) as ProfileEvent[];
  const seen = new Set<string>();
  const byProvider: Record<string, Record<string, number>> = {};
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || !e.args?.provider || !e.args.op_name) continue;
    if (seen.has(e.name)) continue;
    seen.add(e.name);
    const ops = (byProvider[e.args.provider] ??= {});
    ops[e.args.op_name] = (ops[e.args.op_name] ?? 0) + 1;
  }
  return { byProvider, total: seen.size };
}

/** "webgpu: 12 of 140 nodes on cpu: Gather×6, Cast×4, …" or '' when every node ran on the GPU provider. */
export function describeCpuFallback(p: NodePlacement, active: ProviderName): string {
  if (active === 'cpu') return '';
  const cpu = p.byProvider['CPUExecutionProvider'] ?? {};
  const count = Object.values(cpu).reduce((a, b) => a + b, 0);
  if (count === 0) return '';
  const ops = Object.entries(cpu)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op}×${n}`);
  const shown = ops.length > 8 ? [...ops.slice(0, 8), `${ops.length - 8} more op types`] : ops;
  return `${active}: ${count} of ${p.total} nodes on cpu (no ${active} kernel, or shape work onnxruntime keeps on cpu): ${shown.join(', ')}`;
}
