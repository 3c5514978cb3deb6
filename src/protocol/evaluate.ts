/** The paper's evaluation report. */
import { RequestType } from 'vscode-jsonrpc';
import type { WireError } from './errors';
import type { MetricSummary } from './metrics';

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
}
export const EvaluateReportRequest = new RequestType<EvaluateReportParams, EvaluateReportResult, WireError>('evaluate/report');
