/** The alt text of a reconstruction, built from the engine's result (tests and screen readers read it). */
export function reconstructionAlt(layer: string, im: { id: string; cosine: number }): string {
  return `Reconstruction of ${im.id} from ${layer}, cosine ${im.cosine.toFixed(3)}`;
}
