/**
 * <gan-atlas-view>: the activation atlas of one generator layer. The most and the least tileable of the sampled
 * vectors (each shown replicated over the whole layer), ranked by the tileability score; activating a tile adds
 * that vector to the workspace's vector library (the paint palette).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../components/job-progress';
import type { AtlasToHost, AtlasToWebview } from '../../protocol/views/atlas';
import type { AtlasVector, VectorsRankResult } from '../../protocol/vectors';
import type { JobProgress } from '../../protocol/progress';
import type { WireError } from '../../protocol/errors';
import { HostConnection } from '../host-connection';
import { themeStyles } from '../theme';

@customElement('gan-atlas-view')
export class AtlasView extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host { padding: 0 20px 20px; }
      .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
      .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 8px; }
      button.tile { padding: 4px; background: transparent; color: inherit; border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); cursor: pointer; text-align: left; font: inherit; }
      button.tile:hover { background: var(--vscode-list-hoverBackground); }
      button.tile:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
      button.tile[aria-pressed='true'] { border-color: var(--vscode-focusBorder); }
      button.tile img { width: 100%; display: block; image-rendering: pixelated; }
    `,
  ];

  @state() private title_ = 'Activation atlas';
  @state() private ranking: VectorsRankResult | undefined;
  @state() private progress: JobProgress | undefined;
  @state() private added = new Map<number, string>();
  @state() private error: WireError | undefined;
  private readonly host_ = new HostConnection<AtlasToHost, AtlasToWebview, undefined>(this, (m) => this.receive(m), { type: 'ready' });

  private receive(m: AtlasToWebview): void {
    switch (m.type) {
      case 'ranking':
        this.title_ = m.title;
        this.ranking = m.ranking;
        this.progress = undefined;
        break;
      case 'progress':
        this.progress = m.progress;
        break;
      case 'added':
        this.added = new Map(this.added).set(m.rank, `${m.name} in ${m.library}`);
        break;
      case 'error':
        this.error = m.error;
    }
  }

  private tiles(list: AtlasVector[]) {
    return html`<div class="tiles">
      ${list.map((v) => {
        const added = this.added.get(v.rank);
        return html`<button class="tile" aria-pressed=${added ? 'true' : 'false'} @click=${() => this.host_.post({ type: 'add', rank: v.rank })}
          aria-label=${`Vector of rank ${v.rank + 1}, tileability ${v.score.toFixed(3)}${added ? `, added as ${added}` : ', add to the vector library'}`}>
          <img alt="" src=${`data:image/png;base64,${v.image}`} />
          <span>#${v.rank + 1} · ${v.score.toFixed(3)}</span>${added ? html`<br /><span class="muted">✓ ${added}</span>` : nothing}
        </button>`;
      })}
    </div>`;
  }

  override render() {
    const r = this.ranking;
    return html`
      <h1>${this.title_}</h1>
      ${this.progress && !r ? html`<gan-job-progress label="Ranking vectors" .progress=${this.progress} @cancel-job=${(e: CustomEvent<string>) => this.host_.post({ type: 'cancelJob', jobId: e.detail })}></gan-job-progress>` : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error.message}</div>` : nothing}
      ${r
        ? html`<p class="muted">${r.n} vectors of <code>${r.layer}</code> ranked by tileability (${(r.secondsPerVector * 1000).toFixed(0)} ms per vector). Activate a tile to add it to the vector library.</p>
            <div class="columns">
              <section aria-label="Most tileable"><h2>Tileable</h2>${this.tiles(r.tileable)}</section>
              <section aria-label="Least tileable"><h2>Non-tileable</h2>${this.tiles(r.nonTileable)}</section>
            </div>`
        : nothing}
    `;
  }
}
