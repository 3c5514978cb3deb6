/** Shapes as users read them: 1×256×56×56; '?' for unknown. */
export function formatLayerShape(shape: readonly (number | string)[] | null): string {
  return shape ? shape.join('×') : '?';
}
