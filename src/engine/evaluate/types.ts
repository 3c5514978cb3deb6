/** What `evaluate` measures (§3.2 and §3.4 of Herdt et al. 2023) and writes to report.json. */
import type { Summary } from '../metrics/activations';

export type MethodKind = 'gan-stitch' | 'gan-direct-copy' | 'gd-reg' | 'gd-none' | 'random';

export const METHOD_LABELS: Record<MethodKind, string> = {
  'gan-stitch': 'GAN (stitch)',
  'gan-direct-copy': 'GAN direct copy',
  'gd-reg': 'GD with reg',
  'gd-none': 'GD no reg',
  random: 'Random image',
};

export interface ImageMetrics {
  cosine: number;
  l1: number;
  gram: number;
}

/** Original vs reconstruction, compared at one test network's LayerX′. */
export interface NetworkMetrics {
  network: string;
  /** The test network's layer name and tensor. */
  layer: string;
  tensor: string;
  cosine: Summary;
  l1: Summary;
  gram: Summary;
  images: ImageMetrics[];
}

export interface MethodResult {
  kind: MethodKind;
  label: string;
  /** Time to compute all reconstructions (no metrics); GAN methods: mean over `timingRuns` passes. */
  seconds: number;
  secondsPerImage: number;
  timingRuns: number;
  /** Test networks, in the config's order. */
  metrics: NetworkMetrics[];
  /** The same metrics at the inverted extractor's own LayerX (what GD optimises). */
  extractor: { cosine: Summary; l1: Summary };
  /** GD: mean L1 at LayerX per step; stitch: run folder and generator layer. */
  lossCurve?: number[];
  run?: string;
  generatorLayer?: string;
  note?: string;
}

export interface LayerResult {
  layer: string;
  tensor: string;
  shape: number[];
  methods: MethodResult[];
  /** Report-relative PNG: rows original | methods, one column per image. */
  grid: string;
  gridRows: string[];
}

export interface Speedup {
  /** GD method compared with the stitch. */
  versus: MethodKind;
  /** GD seconds ÷ GAN seconds, over the evaluated layers. */
  min: number;
  mean: number;
  max: number;
}

export interface EvaluationReport {
  title: string;
  config: string;
  created: string;
  settings: {
    images: number;
    imageIds: string[];
    steps: number;
    lr: number;
    gdBatchSize: number;
    ganBatchSize: number;
    seed: number;
    ganTimingRuns: number;
    testNetworks: string[];
  };
  machine: { cpus: number; cpuModel: string; provider: string; threads: number; node: string };
  layers: LayerResult[];
  speedups: Speedup[];
  /** Report-relative SVG of mean cosine per layer and method (one panel per test network). */
  plot: string;
  /** Written while an evaluation runs (and left by a cancelled one): layers done of the layers asked for. */
  partial?: { done: number; total: number };
}
