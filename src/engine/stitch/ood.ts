/**
 * Reconstruction error as an out-of-distribution indicator (the paper's conclusion): an image the generator cannot
 * represent reconstructs worse at LayerX than the validation images did.
 */
export interface OodScore {
  /** 1 − cosine similarity at LayerX: 0 for a perfect reconstruction. */
  reconstructionError: number;
  /** How many validation standard deviations worse than the validation mean; null without validation statistics. */
  zScore: number | null;
  /** zScore above the threshold. */
  outlier: boolean | null;
}

export const OOD_Z_THRESHOLD = 3;

export function oodScore(cosine: number, validation: { mean: number; std: number } | null): OodScore {
  const reconstructionError = 1 - cosine;
  if (!validation || !(validation.std > 0)) return { reconstructionError, zScore: null, outlier: null };
  const zScore = (validation.mean - cosine) / validation.std;
  return { reconstructionError, zScore, outlier: zScore > OOD_Z_THRESHOLD };
}
