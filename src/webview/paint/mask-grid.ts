/** The painted mask: one palette index per LayerX cell (−1 keep), drawn as an RGB PNG in palette colours. */
export class MaskGrid {
  readonly cells: Int16Array;

  constructor(
    readonly h: number,
    readonly w: number,
    cells?: readonly number[],
  ) {
    this.cells = new Int16Array(h * w).fill(-1);
    if (cells && cells.length === h * w) this.cells.set(cells);
  }

  /** Paints a square brush of `size` cells centred on (y, x); returns whether anything changed. */
  paint(y: number, x: number, value: number, size: number): boolean {
    let changed = false;
    const r0 = Math.floor((size - 1) / 2);
    for (let dy = -r0; dy < size - r0; dy++) {
      for (let dx = -r0; dx < size - r0; dx++) {
        const yy = y + dy;
        const xx = x + dx;
        if (yy < 0 || xx < 0 || yy >= this.h || xx >= this.w) continue;
        const i = yy * this.w + xx;
        if (this.cells[i] !== value) {
          this.cells[i] = value;
          changed = true;
        }
      }
    }
    return changed;
  }

  clear(): void {
    this.cells.fill(-1);
  }

  get painted(): number {
    return this.cells.reduce((n, c) => n + (c >= 0 ? 1 : 0), 0);
  }

  /** RGB PNG (base64, no data: prefix) at the grid size: palette colours, the keep colour elsewhere. */
  toPngBase64(colors: readonly string[], keep: string): string {
    const canvas = document.createElement('canvas');
    canvas.width = this.w;
    canvas.height = this.h;
    const g = canvas.getContext('2d')!;
    const img = g.createImageData(this.w, this.h);
    const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)) as [number, number, number];
    const keepRgb = rgb(keep);
    const table = colors.map(rgb);
    for (let i = 0; i < this.cells.length; i++) {
      const c = this.cells[i]!;
      const [r, gg, b] = c >= 0 ? table[c]! : keepRgb;
      img.data.set([r, gg, b, 255], i * 4);
    }
    g.putImageData(img, 0, 0);
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }
}
