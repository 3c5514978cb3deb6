/**
 * Running a batch through a session a few samples at a time, so that memory follows the chunk size rather than the
 * batch: per-sample outputs are concatenated along the batch axis; a mean loss and its gradients are accumulated
 * weighted by each chunk's share, which gives the whole batch's mean loss and gradients.
 */
import type { HostTensor } from '../onnx/tensor';
import type { RunnableSession } from './session';

/** Rows [start, end) along the first axis. */
export function sliceBatch(t: HostTensor, start: number, end: number): HostTensor {
  const per = t.dims.slice(1).reduce((a, b) => a * b, 1);
  return { dtype: t.dtype, dims: [end - start, ...t.dims.slice(1)], data: t.data.subarray(start * per, end * per) as HostTensor['data'] };
}

/** Concatenation along the first axis. */
export function concatBatch(parts: readonly HostTensor[]): HostTensor {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const n = parts.reduce((s, p) => s + p.dims[0]!, 0);
  const total = parts.reduce((s, p) => s + p.data.length, 0);
  const data = new (first.data.constructor as new (n: number) => HostTensor['data'])(total);
  let at = 0;
  for (const p of parts) {
    (data as unknown as { set(a: ArrayLike<unknown>, o: number): void }).set(p.data as ArrayLike<unknown>, at);
    at += p.data.length;
  }
  return { dtype: first.dtype, dims: [n, ...first.dims.slice(1)], data };
}

/** Rows [start, end) of every feed that carries the batch; the others whole. */
export function chunkFeeds(feeds: Record<string, HostTensor>, plan: Pick<ChunkPlan, 'n' | 'batched'>, start: number, end: number): Record<string, HostTensor> {
  // A named feed that does not have the batch on its first axis (a noise map shared by all samples) goes whole.
  return Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, plan.batched.has(k) && t.dims[0] === plan.n ? sliceBatch(t, start, end) : t]));
}

export interface ChunkPlan {
  /** Samples in the batch. */
  n: number;
  /** Samples per run. */
  chunk: number;
  /** Feeds that carry the batch on their first axis; the others go to every run whole. */
  batched: ReadonlySet<string>;
}

/** Runs the batch chunk by chunk and concatenates each output (all of them per sample) along the first axis. */
export async function runChunked(session: RunnableSession, feeds: Record<string, HostTensor>, outputs: readonly string[], plan: ChunkPlan): Promise<Record<string, HostTensor>> {
  if (plan.chunk >= plan.n) return session.run(feeds, outputs);
  const parts: Record<string, HostTensor>[] = [];
  for (let s = 0; s < plan.n; s += plan.chunk) parts.push(await session.run(chunkFeeds(feeds, plan, s, Math.min(plan.n, s + plan.chunk)), outputs));
  return Object.fromEntries(outputs.map((o) => [o, concatBatch(parts.map((p) => p[o]!))]));
}

/**
 * A mean loss over the batch and its gradients, computed chunk by chunk: each chunk's loss and gradients weighted by
 * its share of the batch and summed (exact for losses that are means over samples of equal size).
 */
export async function accumulateMeanGradients(
  session: RunnableSession,
  feeds: Record<string, HostTensor>,
  loss: string,
  grads: readonly string[],
  plan: ChunkPlan,
): Promise<{ loss: number; grads: Float32Array[] }> {
  if (plan.chunk >= plan.n) {
    const out = await session.run(feeds, [loss, ...grads]);
    return { loss: Number(out[loss]!.data[0]), grads: grads.map((g) => out[g]!.data as Float32Array) };
  }
  let total = 0;
  let sums: Float64Array[] | undefined;
  for (let s = 0; s < plan.n; s += plan.chunk) {
    const e = Math.min(plan.n, s + plan.chunk);
    const w = (e - s) / plan.n;
    const out = await session.run(chunkFeeds(feeds, plan, s, e), [loss, ...grads]);
    total += w * Number(out[loss]!.data[0]);
    const gs = grads.map((g) => out[g]!.data as Float32Array);
    if (!sums) sums = gs.map((g) => new Float64Array(g.length));
    gs.forEach((g, i) => {
      const acc = sums![i]!;
      for (let j = 0; j < g.length; j++) acc[j]! += w * g[j]!;
    });
  }
  return { loss: total, grads: sums!.map((g) => Float32Array.from(g)) };
}
