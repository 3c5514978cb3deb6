/**
 * <gan-job-progress>: one running engine job in a webview (progress bar, message, loss, samples/s, ETA, Cancel).
 * Feed it JobProgress from `{type: 'progress'}` messages; it fires `cancel-job` (detail: jobId) for the view to post
 * `{type: 'cancelJob', jobId}` to the host.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { JobProgress } from '../../protocol/progress';
import { themeStyles } from '../theme';

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

@customElement('gan-job-progress')
export class JobProgressView extends LitElement {
  static override styles = [
    themeStyles,
    css`
      .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
      vscode-progress-bar { flex: 1 1 200px; }
      .stats { display: flex; gap: 16px; }
    `,
  ];

  @property({ attribute: false }) progress: JobProgress | undefined;
  /** What the job is, for the progress bar's accessible name ("Stitch training"). */
  @property() label = 'Job';
  @property({ type: Boolean }) finished = false;

  private cancel(): void {
    if (!this.progress) return;
    this.dispatchEvent(new CustomEvent<string>('cancel-job', { detail: this.progress.jobId, bubbles: true, composed: true }));
  }

  override render() {
    const p = this.progress;
    if (!p) return html`<div class="row"><vscode-progress-bar indeterminate aria-label=${this.label}></vscode-progress-bar></div>`;
    return html`
      <div class="row">
        <vscode-progress-bar .value=${p.step} .max=${Math.max(1, p.total)} aria-label=${this.label}></vscode-progress-bar>
        <span class="step">${p.step} / ${p.total}</span>
        ${this.finished ? nothing : html`<vscode-button secondary @click=${this.cancel} aria-label="Cancel ${this.label}">Cancel</vscode-button>`}
      </div>
      <div class="stats" role="status">
        <span class="message">${p.message}</span>
        ${p.loss !== undefined ? html`<span class="loss">loss ${p.loss.toPrecision(4)}</span>` : nothing}
        ${p.samplesPerSecond ? html`<span class="rate">${p.samplesPerSecond.toFixed(1)} samples/s</span>` : nothing}
        ${p.etaSeconds !== undefined && !this.finished ? html`<span class="eta">about ${formatDuration(p.etaSeconds)} left</span>` : nothing}
      </div>
    `;
  }
}
