/** Summary statistics as reports and runs carry them. */
export interface MetricSummary {
  mean: number;
  std: number;
  min: number;
  max: number;
  n: number;
}
