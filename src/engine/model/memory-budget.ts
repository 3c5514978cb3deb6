/**
 * How much memory a job will need, and the largest batch that fits a budget. A graph's need is its initializers plus
 * the peak of tensors alive at once when its nodes run in order (a tensor lives from its producer to its last
 * consumer), at batch 1, taken as the cost of each sample. Static shape inference alone misses most of a real
 * generator (shapes computed by constant sub-graphs); the shapes the model analysis probed at batch 1 fill those
 * gaps (`knownShapes`). Without onnxruntime's arena and memory patterns (runtime/session.ts) the estimate tracks
 * what the process holds while the graph runs; ACTIVATION_SLACK is the ratio measured on the real models.
 */
import { freemem, totalmem } from 'node:os';
import type { GraphProto, ModelProto } from '../onnx/gen/onnx_pb';
import type { ModelAnalysis } from '../../protocol/model';
import { valueInfo } from '../onnx/builder';
import { inferShapes, isStatic, type Shape } from '../onnx/shapes/index';
import { onnxToDType, dtypeInfo, type NumericDType } from '../onnx/dtype';
import { badInput } from '../util/errors';

const GB = 2 ** 30;

/** Bytes a graph holds while it runs at batch b: weightBytes + fixedBytes + b · perSampleBytes. */
export interface GraphMemory {
  weightBytes: number;
  fixedBytes: number;
  perSampleBytes: number;
}

/** Measured on the real models (docs/benchmarks.md, "Memory"): allocator slack, workspace of convolutions. */
const ACTIVATION_SLACK = 1.5;
/** Node, onnxruntime's code and the models as parsed protobufs: the process before any session runs. */
export const PROCESS_BASE_BYTES = 0.35 * GB;

function elementBytes(elemType: number): number {
  const d = onnxToDType(elemType);
  return d ? dtypeInfo(d).bytes : 4;
}

function bytesOf(shape: Shape | null, elemType: number): number {
  if (!isStatic(shape)) return 0;
  return shape.reduce((a, b) => a * b, 1) * elementBytes(elemType);
}

/** Graph inputs whose first dimension is symbolic: the ones a batch size applies to. */
export function batchedInputs(g: GraphProto): string[] {
  const inits = new Set(g.initializer.map((i) => i.name));
  return g.input
    .filter((i) => !inits.has(i.name))
    .filter((i) => {
      const d = i.type?.value.case === 'tensorType' ? i.type.value.value.shape?.dim[0] : undefined;
      return !!d && d.value.case !== 'dimValue';
    })
    .map((i) => i.name);
}

/** Shapes at batch 1 of a model's tensors from its analysis, under the prefix a composed graph gives them. */
export function knownShapes(analysis: ModelAnalysis, prefix = ''): Map<string, { shape: number[]; dtype: NumericDType }> {
  const out = new Map<string, { shape: number[]; dtype: NumericDType }>();
  for (const l of analysis.layers) {
    if (!l.shape || !NUMERIC.has(l.dtype)) continue;
    const shape = l.shape.map((d, i) => (i === 0 && typeof d === 'string' ? 1 : d));
    if (shape.every((d): d is number => typeof d === 'number')) out.set(prefix + l.tensor, { shape, dtype: l.dtype as NumericDType });
  }
  return out;
}

const NUMERIC = new Set<string>(['float32', 'float64', 'int64', 'int32', 'uint8', 'int8', 'bool', 'float16']);

export type KnownShapes = ReadonlyMap<string, { shape: number[]; dtype: NumericDType }>;

/** Peak bytes of tensors alive at once (graph inputs included) when the nodes run in order, at batch 1. */
export function peakLiveBytes(g: GraphProto, known: KnownShapes = new Map()): number {
  const batched = new Set(batchedInputs(g));
  const overrides = new Map<string, Shape>();
  for (const input of g.input) {
    if (!batched.has(input.name)) continue;
    const dims = input.type?.value.case === 'tensorType' ? (input.type.value.value.shape?.dim ?? []) : [];
    overrides.set(input.name, dims.map((d, i): number | string => (i === 0 ? 1 : d.value.case === 'dimValue' ? Number(d.value.value) : `${input.name}:${i}`)));
  }
  const seeded: GraphProto = { ...g, valueInfo: [...known].map(([name, k]) => valueInfo(name, k.dtype, k.shape)) };
  const types = inferShapes(seeded, { inputShapes: overrides, useValueInfo: true });
  const inits = new Set(g.initializer.map((i) => i.name));
  const lastUse = new Map<string, number>();
  g.node.forEach((n, i) => n.input.forEach((x) => x && lastUse.set(x, i)));
  const outputs = new Set(g.output.map((o) => o.name));
  const size = sizesWithProxies(g, types, known);
  let live = 0;
  for (const input of g.input) if (!inits.has(input.name)) live += size(input.name);
  let peak = live;
  g.node.forEach((n, i) => {
    for (const o of n.output) if (o) live += size(o);
    peak = Math.max(peak, live);
    for (const x of new Set([...n.input, ...n.output])) {
      if (x && !inits.has(x) && !outputs.has(x) && (lastUse.get(x) ?? -1) <= i) live -= size(x);
    }
  });
  return peak;
}

/** Ops whose outputs are shapes, indices or scalars: a few bytes whatever their inputs. */
const SMALL_OUTPUT_OPS = new Set(['Shape', 'Size', 'Constant', 'ConstantOfShape', 'NonZero', 'ArgMax', 'ArgMin', 'Range', 'EyeLike']);

/**
 * Bytes of every tensor at batch 1: its static shape, else the shape the analysis probed, else a proxy — the largest of
 * its inputs. Gradient graphs name their tensors after the backward ops (grad/Mul_12), which no forward probe sized;
 * a gradient is as large as the forward tensor it belongs to, and its producer (Mul, Reshape, Sum, a transposed
 * convolution) has that tensor or one as large among its inputs, so the proxy errs on the large side, never at 0.
 */
function sizesWithProxies(g: GraphProto, types: ReadonlyMap<string, { shape: Shape | null; elemType: number }>, known: KnownShapes): (name: string) => number {
  const bytes = new Map<string, number>();
  const exact = (name: string): number | undefined => {
    const t = types.get(name);
    if (t && isStatic(t.shape)) return bytesOf(t.shape, t.elemType);
    const k = known.get(name);
    return k ? k.shape.reduce((a, b) => a * b, 1) * dtypeInfo(k.dtype).bytes : undefined;
  };
  for (const v of [...g.input, ...g.initializer.map((t) => ({ name: t.name }))]) bytes.set(v.name, exact(v.name) ?? 0);
  for (const n of g.node) {
    const proxy = SMALL_OUTPUT_OPS.has(n.opType) ? 0 : Math.max(0, ...n.input.filter(Boolean).map((x) => bytes.get(x) ?? exact(x) ?? 0));
    for (const o of n.output) if (o) bytes.set(o, exact(o) ?? proxy);
  }
  return (name) => bytes.get(name) ?? exact(name) ?? 0;
}

function initializerBytes(g: GraphProto): number {
  return g.initializer.reduce((s, t) => s + bytesOf(t.dims.map(Number), t.dataType), 0);
}

/** Weights and per-sample activation bytes of one graph (the batch-1 peak counted per sample: an upper bound). */
export function graphMemory(m: ModelProto, known?: KnownShapes): GraphMemory {
  const g = m.graph!;
  return { weightBytes: initializerBytes(g), fixedBytes: 0, perSampleBytes: peakLiveBytes(g, known) * ACTIVATION_SLACK };
}

/** The budget: the one asked for, else half the machine's memory or 80 % of what is free now, whichever is less. */
export function budgetBytes(memoryBudgetGB?: number): number {
  if (memoryBudgetGB !== undefined) return memoryBudgetGB * GB;
  return Math.min(0.5 * totalmem(), 0.8 * freemem());
}

export const formatGB = (bytes: number): string => `${(bytes / GB).toFixed(bytes < 10 * GB ? 2 : 1)} GB`;

export interface BatchPlan {
  /** Samples per onnxruntime run (≤ wanted). */
  batch: number;
  /** Estimated peak of the process at that batch. */
  estimateBytes: number;
  budgetBytes: number;
}

export interface JobMemory {
  /** What the job is, for messages: "stitch training ResNet50 layer2 → StyleGAN2 b32". */
  what: string;
  /** Graphs whose sessions are open together (their weights add up); one of them runs at a time. */
  graphs: readonly GraphMemory[];
  /** Host buffers per sample that the job keeps besides the graphs (images, activations on the JS side). */
  hostPerSampleBytes?: number;
  /** Host bytes independent of the batch. */
  hostFixedBytes?: number;
}

/** Estimated peak of the process with these graphs open, running `batch` samples at a time. */
export function jobPeakBytes(job: JobMemory, batch: number): number {
  const weights = job.graphs.reduce((s, g) => s + g.weightBytes, 0);
  const running = Math.max(0, ...job.graphs.map((g) => g.fixedBytes + batch * g.perSampleBytes));
  return PROCESS_BASE_BYTES + weights + running + (job.hostFixedBytes ?? 0) + batch * (job.hostPerSampleBytes ?? 0);
}

/**
 * The largest batch ≤ wanted whose estimate fits the budget; a bad-input error (before anything runs) when not even
 * one sample fits, with the numbers and what to do.
 */
export function planBatch(job: JobMemory, wanted: number, memoryBudgetGB?: number): BatchPlan {
  const budget = budgetBytes(memoryBudgetGB);
  const one = jobPeakBytes(job, 1);
  if (one > budget) {
    const weights = job.graphs.reduce((s, g) => s + g.weightBytes, 0);
    throw badInput(
      `${job.what} needs about ${formatGB(one)} at one sample per run (weights ${formatGB(weights)}), more than the memory budget of ${formatGB(budget)}.`,
      {
        hint:
          memoryBudgetGB === undefined
            ? `Free memory, or raise the budget with --memory-gb N (setting ganLens.memoryBudgetGB) if the machine has it; the default is half the machine's memory or 80% of what is free.`
            : `Raise --memory-gb (setting ganLens.memoryBudgetGB) to at least ${Math.ceil((one / GB) * 10) / 10}, or pick a layer closer to the output / a smaller model.`,
      },
    );
  }
  let batch = 1;
  while (batch < wanted && jobPeakBytes(job, batch + 1) <= budget) batch++;
  return { batch, estimateBytes: jobPeakBytes(job, batch), budgetBytes: budget };
}
