/**
 * How many samples a stitch job runs through onnxruntime at a time. The training batch (the optimiser's) stays what
 * the config says; its forward+backward runs in chunks whose size the memory budget allows, with the gradients
 * accumulated (runtime/chunked-run.ts), so the result is the same at any budget that fits one sample.
 */
import type { ModelProto } from '../onnx/gen/onnx_pb';
import { graphMemory, knownShapes, planBatch, type BatchPlan, type KnownShapes } from '../model/memory-budget';
import type { StitchModels } from './graphs';
import type { StitchSetup } from './setup';

export interface StitchGraphSet {
  /** Graphs whose sessions are open at the same time. */
  graphs: readonly ModelProto[];
  /** Samples the job wants per run (the training batch, the validation set, a reconstruction batch). */
  wanted: number;
}

/** Host bytes per sample a stitch job keeps on the JS side: the image, LayerX's activation, the reconstruction. */
export function stitchHostBytesPerSample(m: StitchModels): number {
  const [h, w] = m.pre.inputSize;
  const layerX = m.pair.fromShape.reduce((a, b) => a * b, 1);
  return 4 * (2 * 3 * h * w + layerX);
}

export function describePair(m: StitchModels): string {
  return `${m.pair.fromName} → ${m.pair.toName}`;
}

/** Probed shapes of both models under the names stitch graphs give them (x/ extractor, g/ generator, bare extractor). */
export function stitchKnownShapes(setup: Pick<StitchSetup, 'extractorAnalysis' | 'generatorAnalysis'>): KnownShapes {
  return new Map([...knownShapes(setup.extractorAnalysis), ...knownShapes(setup.extractorAnalysis, 'x/'), ...knownShapes(setup.generatorAnalysis, 'g/')]);
}

/** The chunk size for a stitch job, or a bad-input error before anything runs when one sample does not fit. */
export function planStitchChunk(
  what: string,
  set: StitchGraphSet,
  known: KnownShapes,
  host: { perSampleBytes: number; fixedBytes?: number },
  memoryBudgetGB?: number,
): BatchPlan {
  const graphs = set.graphs.map((g) => graphMemory(g, known));
  return planBatch({ what, graphs, hostPerSampleBytes: host.perSampleBytes, hostFixedBytes: host.fixedBytes ?? 0 }, set.wanted, memoryBudgetGB);
}
