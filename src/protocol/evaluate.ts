/** The paper's evaluation report. */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { WireError } from './errors';
import type { MetricSummary } from './metrics';
import type { JobParams, JobResultBase } from './progress';

// evaluate/report
export interface EvaluateReportParams {
  /** report.json, or the folder holding it. */
  file: string;
}
export interface ReportMethod {
  kind: string;
  label: string;
  seconds: number;
  secondsPerImage: number;
  /** Per test network: mean cosine, L1 and Gram cosine. */
  metrics: { network: string; layer: string; cosine: MetricSummary; l1: MetricSummary; gram: MetricSummary }[];
  extractor: { cosine: MetricSummary; l1: MetricSummary };
  note?: string;
}
export interface EvaluateReportResult {
  file: string;
  title: string;
  created: string;
  settings: { images: number; steps: number; lr: number; testNetworks: string[] };
  machine: { cpus: number; cpuModel: string; provider: string; threads: number };
  layers: { layer: string; tensor: string; shape: number[]; methods: ReportMethod[]; grid: string; gridRows: string[] }[];
  speedups: { versus: string; min: number; mean: number; max: number }[];
  /** Present while the evaluation is running or after it was cancelled: layers done of the layers asked for. */
  partial?: { done: number; total: number };
}
export const EvaluateReportRequest = new RequestType<EvaluateReportParams, EvaluateReportResult, WireError>('evaluate/report');

// evaluate/run (a job): the same evaluation as `gan-lens evaluate`, writing report.json/md/html after every layer
export const EVALUATE_METHODS = ['gan-stitch', 'gan-direct-copy', 'gd-reg', 'gd-none', 'random'] as const;
export type EvaluateMethod = (typeof EVALUATE_METHODS)[number];
export interface EvaluateRunParams extends JobParams {
  /** Absolute path of the *.ganlens.json config. */
  config: string;
  /** Extractor layers (config names); default: the `from` of every pair. */
  layers?: string[];
  images?: number;
  /** GD steps per image batch. */
  steps?: number;
  methods?: EvaluateMethod[];
  /** Passes over the images to time the GAN methods (default 10). */
  timingRuns?: number;
  /** Train missing stitches (default true). */
  train?: boolean;
  /** Report folder; default `<config output>/evaluation`. */
  outDir?: string;
}
export interface EvaluateRunResult extends JobResultBase {
  outDir: string;
  /** report.json */
  file: string;
  report: EvaluateReportResult;
}
export const EvaluateRunRequest = new RequestType<EvaluateRunParams, EvaluateRunResult, WireError>('evaluate/run');

/** Sent by a running evaluate/run each time a layer is finished and the report folder rewritten. */
export interface EvaluateLayerNotice {
  jobId: string;
  outDir: string;
  /** The layer just finished. */
  layer: string;
  /** The report so far (partial until the last layer). */
  report: EvaluateReportResult;
}
export const EvaluateLayerNotification = new NotificationType<EvaluateLayerNotice>('evaluate/layer');
