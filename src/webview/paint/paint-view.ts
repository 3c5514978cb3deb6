/**
 * <gan-paint-view>: the Paint side panel. A mask canvas over the generated image (one cell per LayerX position),
 * brush and eraser, a palette bound to the vector library, a repaint at every stroke end, noise variations,
 * "Export image + mask" and batch export. Keyboard: arrows move the cell cursor, Space paints it, B/E pick the tool.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '../components/job-progress';
import type { PaintState, PaintToHost, PaintToWebview } from '../../protocol/views/paint';
import type { PaintPaletteEntry } from '../../protocol/paint';
import type { JobProgress } from '../../protocol/progress';
import type { WireError } from '../../protocol/errors';
import { HostConnection } from '../host-connection';
import { themeStyles } from '../theme';
import { themeColor } from '../components/theme-colors';
import { MaskGrid } from './mask-grid';

const MAX_SEED = 2 ** 31 - 1;
const VARIATIONS = 4;

@customElement('gan-paint-view')
export class PaintView extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host { padding: 0 10px 12px; }
      .tools, .palette, .actions { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin: 6px 0; }
      .stage { position: relative; width: 100%; aspect-ratio: 1; background: var(--vscode-editor-background); }
      .stage img, .stage canvas { position: absolute; inset: 0; width: 100%; height: 100%; image-rendering: pixelated; }
      .stage canvas { cursor: crosshair; opacity: 0.55; }
      .stage canvas:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
      .swatch { width: 22px; height: 22px; border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, transparent)); padding: 0; cursor: pointer; }
      .swatch[aria-pressed='true'] { outline: 2px solid var(--vscode-focusBorder); outline-offset: 1px; }
      .swatch-label { display: inline-flex; gap: 4px; align-items: center; }
      .variations { display: grid; grid-template-columns: repeat(2, 1fr); gap: 4px; margin-top: 6px; }
      .variations img { width: 100%; image-rendering: pixelated; }
      .timing { font-size: 0.9em; }
      .legend { width: 100%; border-collapse: collapse; font-size: 0.9em; margin: 4px 0; }
      .legend td { padding: 1px 4px; }
      .legend .chip { width: 12px; height: 12px; display: inline-block; border: 1px solid var(--vscode-widget-border, transparent); }
      vscode-textfield { width: 6em; }
    `,
  ];

  @state() private palette: PaintPaletteEntry[] = [];
  @state() private keepColor = '#00ff00';
  @state() private maskSize: [number, number] = [0, 0];
  @state() private config = '';
  @state() private library = '';
  @state() private image: string | undefined;
  @state() private variations: string[] = [];
  @state() private tool: 'brush' | 'eraser' = 'brush';
  @state() private color = 0;
  @state() private brush = 1;
  @state() private seed = 0;
  /** Seed of the noise inputs; undefined: the sample's own (issue #20). */
  @state() private noiseSeed: number | undefined;
  @state() private noiseInputs: string[] = [];
  @state() private noLibrary: { config: string; message: string } | undefined;
  @state() private busy = false;
  @state() private timing: { paintMs: number; roundTripMs: number } | undefined;
  @state() private notice: string | undefined;
  @state() private error: WireError | undefined;
  @state() private job: JobProgress | undefined;
  @state() private cursor: [number, number] = [0, 0];
  @query('canvas') private canvas!: HTMLCanvasElement;

  private grid = new MaskGrid(1, 1);
  private stroking = false;
  private readonly host_ = new HostConnection<PaintToHost, PaintToWebview, PaintState>(this, (m) => this.receive(m), { type: 'ready' });

  override connectedCallback(): void {
    super.connectedCallback();
    const s = this.host_.getState();
    if (s) {
      this.seed = s.seed;
      this.noiseSeed = s.noiseSeed;
      this.color = s.color;
      this.tool = s.tool;
      this.brush = s.brush;
    }
  }

  private receive(m: PaintToWebview): void {
    switch (m.type) {
      case 'noConfig':
        this.notice = m.message;
        this.palette = [];
        break;
      case 'noLibrary':
        this.noLibrary = { config: m.config, message: m.message };
        this.palette = [];
        break;
      case 'session': {
        this.noLibrary = undefined;
        this.job = undefined;
        this.noiseInputs = m.noiseInputs ?? [];
        this.notice = undefined;
        this.error = undefined;
        this.config = m.config;
        this.library = m.library;
        this.palette = m.palette;
        this.keepColor = m.keepColor;
        this.maskSize = m.maskSize;
        const saved = this.host_.getState();
        this.grid = new MaskGrid(m.maskSize[0], m.maskSize[1], saved?.cells);
        this.color = Math.min(this.color, Math.max(0, m.palette.length - 1));
        void this.updateComplete.then(() => this.drawMask());
        this.repaint(1);
        break;
      }
      case 'painted':
        this.busy = false;
        this.image = m.images[0];
        this.variations = m.images.length > 1 ? m.images : [];
        this.timing = { paintMs: m.paintMs, roundTripMs: m.roundTripMs };
        this.error = undefined;
        break;
      case 'exported':
        this.notice = `Exported ${m.files.length} files.`;
        break;
      case 'progress':
        this.job = m.progress;
        break;
      case 'error':
        this.busy = false;
        this.error = m.error;
    }
  }

  private persist(): void {
    this.host_.setState({ seed: this.seed, ...(this.noiseSeed !== undefined ? { noiseSeed: this.noiseSeed } : {}), color: this.color, tool: this.tool, brush: this.brush, cells: [...this.grid.cells] });
  }

  private get colors(): string[] {
    return this.palette.map((p) => p.color);
  }

  private repaint(variations: number): void {
    if (this.palette.length === 0 && this.grid.painted > 0) return;
    this.busy = true;
    this.persist();
    this.host_.post({ type: 'paint', mask: this.grid.toPngBase64(this.colors, this.keepColor), seed: this.seed, variations, ...this.noiseField() });
  }

  /** The noise seed, sent only where the generator reads noise after LayerX. */
  private noiseField(): { noiseSeed?: number } {
    return this.noiseSeed !== undefined && this.noiseInputs.length > 0 ? { noiseSeed: this.noiseSeed } : {};
  }

  /** A new texture: same sample, same mask, new noise. */
  private rerollNoise(): void {
    this.noiseSeed = Math.floor(Math.random() * MAX_SEED);
    this.repaint(1);
  }

  private drawMask(): void {
    const c = this.canvas;
    if (!c) return;
    const [h, w] = this.maskSize;
    c.width = w;
    c.height = h;
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, w, h);
    for (let i = 0; i < this.grid.cells.length; i++) {
      const v = this.grid.cells[i]!;
      if (v < 0) continue;
      g.fillStyle = this.colors[v] ?? '#ffffff';
      g.fillRect(i % w, Math.floor(i / w), 1, 1);
    }
    if (document.activeElement === this || this.shadowRoot?.activeElement === c) {
      g.strokeStyle = themeColor('--vscode-focusBorder', '#007fd4');
      g.lineWidth = 0.15;
      g.strokeRect(this.cursor[1] + 0.05, this.cursor[0] + 0.05, 0.9, 0.9);
    }
  }

  private cellAt(e: PointerEvent): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    const [h, w] = this.maskSize;
    return [Math.min(h - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * h))), Math.min(w - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * w)))];
  }

  private paintCell(y: number, x: number): void {
    if (this.grid.paint(y, x, this.tool === 'eraser' ? -1 : this.color, this.brush)) this.drawMask();
  }

  private onDown(e: PointerEvent): void {
    if (this.palette.length === 0) return;
    this.stroking = true;
    this.canvas.setPointerCapture(e.pointerId);
    const [y, x] = this.cellAt(e);
    this.paintCell(y, x);
  }

  private onMove(e: PointerEvent): void {
    if (!this.stroking) return;
    const [y, x] = this.cellAt(e);
    this.paintCell(y, x);
  }

  private onUp(): void {
    if (!this.stroking) return;
    this.stroking = false;
    this.repaint(1); // live repaint on stroke end
  }

  private onKey(e: KeyboardEvent): void {
    const [h, w] = this.maskSize;
    const [y, x] = this.cursor;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const mv = moves[e.key];
    if (mv) {
      this.cursor = [Math.min(h - 1, Math.max(0, y + mv[0])), Math.min(w - 1, Math.max(0, x + mv[1]))];
      this.drawMask();
    } else if (e.key === ' ' || e.key === 'Enter') {
      this.paintCell(y, x);
      this.repaint(1);
    } else if (e.key === 'b' || e.key === 'e') {
      this.tool = e.key === 'b' ? 'brush' : 'eraser';
    } else {
      return;
    }
    e.preventDefault();
  }

  private pickColor(i: number): void {
    this.color = i;
    this.tool = 'brush';
    this.persist();
  }

  private newSample(): void {
    this.seed = Math.floor(Math.random() * MAX_SEED);
    this.noiseSeed = undefined;
    this.repaint(1);
  }

  private clearMask(): void {
    this.grid.clear();
    this.drawMask();
    this.repaint(1);
  }

  private batch(): void {
    const field = this.shadowRoot?.querySelector<HTMLInputElement & { value: string }>('#batch-count');
    const count = Math.max(1, Math.min(10_000, Number(field?.value ?? 16) || 16));
    this.host_.post({ type: 'batch', count, seed: this.seed });
  }

  private renderNoLibrary(nl: { config: string; message: string }) {
    return html`<p><code>${nl.config}</code>: ${nl.message}</p>
      <p class="muted">GAN Lens can sample activation vectors of the generator, rank them by tileability and name one per class of the extractor (the vector it labels that class most confidently), in one job.</p>
      <vscode-button ?disabled=${this.job !== undefined && this.job.step < this.job.total} @click=${() => this.host_.post({ type: 'sampleLibrary' })}>Sample and name vectors now</vscode-button>
      ${this.job ? html`<gan-job-progress label="Sampling and naming vectors" .progress=${this.job} ?finished=${this.job.step >= this.job.total} @cancel-job=${(e: CustomEvent<string>) => this.host_.post({ type: 'cancelJob', jobId: e.detail })}></gan-job-progress>` : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error.message}</div>` : nothing}`;
  }

  private renderLegend() {
    return html`<table class="legend" aria-label="Legend: what each colour paints">
      <tbody>
        ${this.palette.map((p) => html`<tr><td><span class="chip legend-chip"></span></td><td><strong>${p.name}</strong></td><td class="muted">vector ${p.vector} · label ${p.label}</td></tr>`)}
        <tr><td><span class="chip keep-chip"></span></td><td>unpainted</td><td class="muted">the sample's own activations</td></tr>
      </tbody>
    </table>`;
  }

  override render() {
    if (this.noLibrary && this.palette.length === 0) return this.renderNoLibrary(this.noLibrary);
    if (this.notice && this.palette.length === 0) {
      return html`<p>${this.notice}</p><vscode-button @click=${() => this.host_.post({ type: 'reload' })}>Try again</vscode-button>`;
    }
    const [h, w] = this.maskSize;
    return html`
      <p class="muted">${this.config ? html`<code>${this.config}</code> · library <strong>${this.library}</strong> · ${h}×${w} cells` : 'Opening the painter…'}</p>
      <div class="tools" role="toolbar" aria-label="Paint tools">
        <vscode-button ?secondary=${this.tool !== 'brush'} aria-pressed=${this.tool === 'brush'} @click=${() => (this.tool = 'brush')}>Brush</vscode-button>
        <vscode-button ?secondary=${this.tool !== 'eraser'} aria-pressed=${this.tool === 'eraser'} @click=${() => (this.tool = 'eraser')}>Eraser</vscode-button>
        <label>size <select aria-label="Brush size" @change=${(e: Event) => (this.brush = Number((e.target as HTMLSelectElement).value))}>
          ${[1, 2, 3].map((s) => html`<option value=${s} ?selected=${s === this.brush}>${s}</option>`)}
        </select></label>
        <vscode-button secondary @click=${this.clearMask}>Clear</vscode-button>
      </div>
      <div class="palette" role="group" aria-label="Palette (vector library)">
        ${this.palette.map(
          (p, i) => html`<span class="swatch-label"><button class="swatch" aria-label=${`Paint with ${p.name}`} aria-pressed=${this.tool === 'brush' && this.color === i ? 'true' : 'false'} @click=${() => this.pickColor(i)}></button>${p.name}</span>`,
        )}
      </div>
      ${this.renderLegend()}
      <div class="stage">
        ${this.image ? html`<img alt=${`Generated image, seed ${this.seed}, ${this.grid.painted} cells painted`} src=${`data:image/png;base64,${this.image}`} />` : nothing}
        <canvas
          tabindex="0"
          role="img"
          aria-label="Mask: arrows move, Space paints, B brush, E eraser"
          @pointerdown=${this.onDown}
          @pointermove=${this.onMove}
          @pointerup=${this.onUp}
          @pointercancel=${this.onUp}
          @keydown=${this.onKey}
          @focus=${() => this.drawMask()}
          @blur=${() => this.drawMask()}
        ></canvas>
      </div>
      <div class="actions">
        <span class="muted">seed ${this.seed}</span>
        <vscode-button secondary @click=${this.newSample}>New sample</vscode-button>
        <vscode-button secondary @click=${() => this.repaint(VARIATIONS)}>Noise variations</vscode-button>
        <vscode-button @click=${() => this.host_.post({ type: 'export', mask: this.grid.toPngBase64(this.colors, this.keepColor), seed: this.seed, ...this.noiseField() })}>Export image + mask</vscode-button>
      </div>
      ${this.noiseInputs.length
        ? html`<div class="actions" role="group" aria-label="Noise">
            <span class="muted">noise seed ${this.noiseSeed ?? this.seed}</span>
            <vscode-button secondary @click=${this.rerollNoise} aria-label="Re-roll the texture: new noise, same sample and mask">Re-roll texture</vscode-button>
          </div>`
        : nothing}
      <div class="actions">
        <vscode-textfield id="batch-count" value="16" aria-label="Images to export"></vscode-textfield>
        <vscode-button secondary @click=${this.batch}>Batch export</vscode-button>
      </div>
      ${this.job ? html`<gan-job-progress label="Batch export" .progress=${this.job} ?finished=${this.job.step >= this.job.total} @cancel-job=${(e: CustomEvent<string>) => this.host_.post({ type: 'cancelJob', jobId: e.detail })}></gan-job-progress>` : nothing}
      <p class="timing muted" role="status">${this.busy ? 'Painting…' : this.timing ? `repaint ${this.timing.paintMs.toFixed(0)} ms in the engine, ${this.timing.roundTripMs.toFixed(0)} ms round trip` : ''}</p>
      ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error.message}</div>` : nothing}
      ${this.variations.length ? html`<div class="variations">${this.variations.map((v, i) => html`<img alt=${`Noise variation ${i + 1}`} src=${`data:image/png;base64,${v}`} />`)}</div>` : nothing}
    `;
  }

  override updated(): void {
    // Swatch colours come from the palette (data), set through the CSSOM: the CSP allows no inline style attributes.
    this.shadowRoot?.querySelectorAll<HTMLButtonElement>('.swatch').forEach((b, i) => {
      b.style.backgroundColor = this.palette[i]?.color ?? '';
    });
    this.shadowRoot?.querySelectorAll<HTMLElement>('.legend-chip').forEach((b, i) => {
      b.style.backgroundColor = this.palette[i]?.color ?? '';
    });
    this.shadowRoot?.querySelectorAll<HTMLElement>('.keep-chip').forEach((b) => {
      b.style.backgroundColor = this.keepColor;
    });
  }
}
