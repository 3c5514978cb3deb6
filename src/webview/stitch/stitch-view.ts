/**
 * <gan-stitch-view>: a running (or paused) stitch training. Live training loss from progress messages, validation
 * cosine and L1 per epoch, samples/s and ETA (<gan-job-progress>), each epoch's sample grid (originals above
 * reconstructions), and Pause / Cancel / Resume.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '../components/job-progress';
import '../components/line-chart';
import type { ChartSeries } from '../components/line-chart';
import type { StitchPanelInfo, StitchToHost, StitchToWebview } from '../../protocol/views/stitch-panel';
import type { StitchEpoch } from '../../protocol/stitch';
import type { JobProgress } from '../../protocol/progress';
import type { WireError } from '../../protocol/errors';
import { HostConnection } from '../host-connection';
import { themeStyles } from '../theme';

const MAX_LOSS_POINTS = 2000;

@customElement('gan-stitch-view')
export class StitchView extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host { padding: 0 20px 20px; }
      .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
      .buttons { display: flex; gap: 8px; margin: 8px 0; }
      .epochs img { max-width: 100%; image-rendering: pixelated; display: block; }
      .epochs figure { margin: 0 0 12px; }
    `,
  ];

  @state() private info: StitchPanelInfo | undefined;
  @state() private jobId: string | undefined;
  @state() private progress: JobProgress | undefined;
  @state() private loss: { x: number; y: number }[] = [];
  @state() private epochs: StitchEpoch[] = [];
  @state() private samples: { epoch: number; src: string }[] = [];
  @state() private stopped: 'done' | 'paused' | 'failed' | undefined;
  @state() private error: WireError | undefined;

  private readonly host_ = new HostConnection<StitchToHost, StitchToWebview, undefined>(this, (m) => this.receive(m), { type: 'ready' });

  private receive(m: StitchToWebview): void {
    switch (m.type) {
      case 'start':
        this.info = m.info;
        this.jobId = m.jobId;
        this.epochs = m.history;
        if (!m.resumed) {
          this.loss = [];
          this.samples = [];
        }
        this.stopped = undefined;
        this.error = undefined;
        this.progress = undefined;
        break;
      case 'progress':
        this.progress = m.progress;
        if (m.progress.loss !== undefined && m.progress.jobId === this.jobId) {
          const next = [...this.loss, { x: m.progress.step, y: m.progress.loss }];
          this.loss = next.length > MAX_LOSS_POINTS ? next.filter((_, i) => i % 2 === 0) : next;
        }
        break;
      case 'epoch':
        this.epochs = [...this.epochs.filter((e) => e.epoch !== m.epoch.epoch), m.epoch].sort((a, b) => a.epoch - b.epoch);
        this.samples = [...this.samples.filter((s) => s.epoch !== m.epoch.epoch), { epoch: m.epoch.epoch, src: m.samples }].sort((a, b) => b.epoch - a.epoch);
        break;
      case 'stopped':
        this.stopped = m.reason;
        this.error = m.error;
    }
  }

  private get validation(): ChartSeries[] {
    return [
      { label: 'validation cosine', points: this.epochs.map((e) => ({ x: e.epoch + 1, y: e.valCosine })) },
      { label: 'validation L1', points: this.epochs.map((e) => ({ x: e.epoch + 1, y: e.valL1 })) },
    ];
  }

  private post(m: StitchToHost): void {
    this.host_.post(m);
  }

  override render() {
    const info = this.info;
    if (!info) return html`<p class="muted">Waiting for the training to start…</p>`;
    const running = this.stopped === undefined;
    return html`
      <h1>Stitch training: ${info.layer}</h1>
      <p class="muted"><code>${info.outDir}</code>${info.epochs ? ` · ${info.epochs} epoch${info.epochs === 1 ? '' : 's'}` : ''}</p>
      <gan-job-progress label="Stitch training" .progress=${this.progress} ?finished=${!running} @cancel-job=${(e: CustomEvent<string>) => this.post({ type: 'cancel', jobId: e.detail })}></gan-job-progress>
      <div class="buttons">
        ${running && this.jobId ? html`<vscode-button secondary @click=${() => this.post({ type: 'pause', jobId: this.jobId! })}>Pause</vscode-button>` : nothing}
        ${this.stopped === 'paused' || this.stopped === 'failed' ? html`<vscode-button @click=${() => this.post({ type: 'resume' })}>Resume</vscode-button>` : nothing}
        ${this.epochs.length > 0 ? html`<vscode-button secondary @click=${() => this.post({ type: 'openGallery' })}>Open gallery</vscode-button>` : nothing}
      </div>
      ${this.stopped ? html`<p role="status" class="stopped">${this.stopped === 'done' ? 'Training finished.' : this.stopped === 'paused' ? 'Paused: the last checkpoint is kept; Resume continues from it.' : 'Training stopped with an error.'}</p>` : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error.message}</div>` : nothing}
      <div class="charts">
        <section><h2>Training loss (L1)</h2><gan-line-chart label="Training loss" .series=${[{ label: 'training loss', points: this.loss }]}></gan-line-chart></section>
        <section><h2>Validation</h2><gan-line-chart label="Validation" xLabel="epoch" .series=${this.validation}></gan-line-chart></section>
      </div>
      ${this.samples.length
        ? html`<section class="epochs">
            <h2>Reconstructions per epoch</h2>
            ${this.samples.map((s) => {
              const e = this.epochs.find((x) => x.epoch === s.epoch);
              return html`<figure>
                <img src=${s.src} alt=${`Epoch ${s.epoch + 1}: originals above reconstructions${e ? `, validation cosine ${e.valCosine.toFixed(3)}` : ''}`} />
                <figcaption class="muted">Epoch ${s.epoch + 1}${e ? html`: cosine ${e.valCosine.toFixed(3)}, L1 ${e.valL1.toFixed(3)}` : nothing}</figcaption>
              </figure>`;
            })}
          </section>`
        : nothing}
    `;
  }
}
