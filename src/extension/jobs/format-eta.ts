/** ", about 12 s left" for progress messages; empty when unknown. */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `, about ${Math.ceil(seconds)} s left`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `, about ${m} min ${Math.round(seconds % 60)} s left` : `, about ${Math.floor(m / 60)} h ${m % 60} min left`;
}
