/**
 * <gan-gallery-view>: the Reconstruction gallery. Originals next to their reconstructions for one extractor layer;
 * a layer slider that asks the host for another layer on every move (the engine keeps each layer's reconstructor
 * warm), a seed shuffle, and Save on each reconstruction. Every reconstruction's alt text names its layer and cosine.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { GalleryLayer, GalleryState, GalleryToHost, GalleryToWebview } from '../../protocol/views/gallery';
import type { ReconstructImagesResult } from '../../protocol/stitch';
import type { WireError } from '../../protocol/errors';
import { HostConnection } from '../host-connection';
import { themeStyles } from '../theme';
import { reconstructionAlt } from './alt-text';

const MAX_SEED = 2 ** 31 - 1;

@customElement('gan-gallery-view')
export class GalleryView extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host { padding: 0 20px 20px; }
      .controls { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 8px 0 16px; }
      .slider { display: flex; gap: 8px; align-items: center; flex: 1 1 320px; }
      input[type='range'] { flex: 1; accent-color: var(--vscode-focusBorder); }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }
      figure { margin: 0; border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); padding: 8px; }
      .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
      img { width: 100%; image-rendering: pixelated; display: block; background: var(--vscode-editor-background); }
      figcaption { display: flex; justify-content: space-between; align-items: center; gap: 6px; margin-top: 6px; }
      .stats { display: flex; gap: 16px; flex-wrap: wrap; }
      .busy { display: inline-flex; gap: 6px; align-items: center; }
    `,
  ];

  @state() private title_ = 'Reconstruction gallery';
  @state() private layers: GalleryLayer[] = [];
  @state() private selected = 0;
  @state() private seed = 0;
  private content = 0;
  @state() private result: ReconstructImagesResult | undefined;
  @state() private roundTripMs: number | undefined;
  @state() private loading: string | undefined;
  @state() private error: WireError | undefined;

  private readonly host_ = new HostConnection<GalleryToHost, GalleryToWebview, GalleryState>(this, (m) => this.receive(m), { type: 'ready' });

  private receive(m: GalleryToWebview): void {
    switch (m.type) {
      case 'layers': {
        this.title_ = m.title;
        this.layers = m.layers;
        // A restored panel keeps the user's layer and seed over the host's defaults (same content only).
        const saved = this.host_.getState();
        const keep = saved && saved.content === m.content && saved.selected < m.layers.length;
        this.content = m.content;
        this.selected = keep ? saved.selected : Math.max(0, Math.min(m.selected, m.layers.length - 1));
        this.seed = keep ? saved.seed : m.seed;
        this.show();
        break;
      }
      case 'loading':
        this.loading = m.layer;
        break;
      case 'result':
        this.result = m.result;
        this.roundTripMs = m.roundTripMs;
        this.loading = undefined;
        this.error = undefined;
        break;
      case 'error':
        this.error = m.error;
        this.loading = undefined;
    }
  }

  private show(): void {
    if (this.layers.length === 0) return;
    this.host_.setState({ selected: this.selected, seed: this.seed, content: this.content });
    this.host_.post({ type: 'show', index: this.selected, seed: this.seed });
  }

  private onSlide(e: Event): void {
    const index = Number((e.target as HTMLInputElement).value);
    if (index === this.selected) return;
    this.selected = index;
    this.show();
  }

  private shuffle(): void {
    this.seed = Math.floor(Math.random() * MAX_SEED);
    this.show();
  }

  private save(layer: string, id: string, png: string): void {
    this.host_.post({ type: 'saveImage', name: `${id.replace(/\.[a-z]+$/i, '')}-${layer}.png`, png });
  }

  override render() {
    const layer = this.layers[this.selected];
    const r = this.result;
    return html`
      <h1>${this.title_}</h1>
      ${this.layers.length === 0 ? html`<p class="muted">No trained stitch runs yet.</p>` : nothing}
      ${layer
        ? html`<div class="controls">
            <label class="slider">
              <span>Layer</span>
              <input
                type="range"
                min="0"
                max=${this.layers.length - 1}
                step="1"
                .value=${String(this.selected)}
                aria-valuetext=${layer.layer}
                aria-label="Extractor layer"
                @input=${this.onSlide}
              />
              <strong class="layer-name">${layer.layer}</strong>
            </label>
            <span class="muted">seed ${this.seed}</span>
            <vscode-button secondary @click=${this.shuffle} aria-label="Shuffle the seed">Shuffle seed</vscode-button>
            ${this.loading ? html`<span class="busy" role="status"><vscode-progress-ring></vscode-progress-ring>${this.loading}…</span>` : nothing}
          </div>`
        : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error.message}</div>` : nothing}
      ${r
        ? html`
            <div class="stats" role="status" aria-live="polite">
              <span>Layer <strong>${r.layer}</strong> → generator <code>${r.generatorLayer}</code></span>
              <span>mean cosine ${r.cosine.mean.toFixed(3)}</span>
              <span class="timing">${r.ms.toFixed(0)} ms in the engine${this.roundTripMs !== undefined ? html`, ${this.roundTripMs.toFixed(0)} ms round trip` : nothing}</span>
            </div>
            <div class="grid">
              ${r.images.map(
                (im) => html`<figure>
                  <div class="pair">
                    <img class="original" alt=${`Original ${im.id}`} src=${`data:image/png;base64,${im.original}`} />
                    <img class="reconstruction" alt=${reconstructionAlt(r.layer, im)} src=${`data:image/png;base64,${im.reconstruction}`} />
                  </div>
                  <figcaption>
                    <span class="muted">${im.id}: cosine ${im.cosine.toFixed(3)}, L1 ${im.l1.toFixed(3)}</span>
                    <vscode-button secondary @click=${() => this.save(r.layer, im.id, im.reconstruction)} aria-label=${`Save the reconstruction of ${im.id}`}>Save</vscode-button>
                  </figcaption>
                </figure>`,
              )}
            </div>
          `
        : nothing}
    `;
  }
}
