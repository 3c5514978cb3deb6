export function shapeText(shape: readonly (number | string)[] | null): string {
  if (!shape) return '?';
  return shape.length ? shape.join('×') : 'scalar';
}

export function countText(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** The last path segment, for POSIX and Windows paths (the engine may run on either). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
