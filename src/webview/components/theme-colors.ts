/** VS Code theme colours for canvas drawing (charts cannot use CSS variables directly). */
export function themeColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}
