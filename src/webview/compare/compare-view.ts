/**
 * <gan-compare-view>: an evaluation report side by side. Per layer: the image grid (original, then one row per
 * method: GAN stitch, direct copy, GD with and without regularisation), the metrics table per test network and the
 * timing; the GD ÷ GAN speed-ups on top.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { CompareToHost, CompareToWebview } from '../../protocol/views/compare';
import type { EvaluateReportResult, ReportMethod } from '../../protocol/evaluate';
import type { MetricSummary } from '../../protocol/metrics';
import type { WireError } from '../../protocol/errors';
import { HostConnection } from '../host-connection';
import { themeStyles } from '../theme';

const pm = (s: MetricSummary, digits = 3): string => `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`;

export function formatSeconds(s: number): string {
  return s < 1 ? `${(s * 1000).toFixed(1)} ms` : s < 120 ? `${s.toFixed(2)} s` : `${(s / 60).toFixed(1)} min`;
}

@customElement('gan-compare-view')
export class CompareView extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host { padding: 0 20px 20px; }
      .layer { margin-bottom: 28px; }
      .side { display: grid; grid-template-columns: minmax(260px, 1fr) minmax(360px, 1.4fr); gap: 16px; align-items: start; }
      img { max-width: 100%; image-rendering: pixelated; }
      .rows { list-style: none; padding: 0; margin: 4px 0 0; display: flex; gap: 8px; flex-wrap: wrap; }
      .num { text-align: right; font-variant-numeric: tabular-nums; }
      .speedups { display: flex; gap: 20px; flex-wrap: wrap; }
      .best { font-weight: 600; }
      .running { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
      .running progress { flex: 0 0 200px; }
    `,
  ];

  @state() private report: EvaluateReportResult | undefined;
  @state() private grids: Record<string, string> = {};
  @state() private error: WireError | undefined;
  /** While an evaluate/run job fills this view: its last progress line. */
  @state() private running: { message: string; fraction: number } | undefined;
  @state() private stopped: { reason: 'done' | 'cancelled' | 'failed'; message?: string } | undefined;
  /** Listens to the host while connected (this view posts nothing but `ready`). */
  protected readonly host_ = new HostConnection<CompareToHost, CompareToWebview, undefined>(this, (m) => this.receive(m), { type: 'ready' });

  private receive(m: CompareToWebview): void {
    if (m.type === 'report') {
      this.report = m.report;
      this.grids = m.grids;
      this.error = undefined;
    } else if (m.type === 'progress') {
      this.running = { message: m.message, fraction: m.fraction };
      this.stopped = undefined;
    } else if (m.type === 'stopped') {
      this.running = undefined;
      this.stopped = { reason: m.reason, ...(m.message ? { message: m.message } : {}) };
    } else {
      this.error = m.error;
    }
  }

  private methodRows(methods: ReportMethod[], networks: string[]) {
    const bestCos = (net: string): number => Math.max(...methods.map((m) => m.metrics.find((x) => x.network === net)?.cosine.mean ?? -Infinity));
    return methods.map(
      (m) => html`<tr>
        <th scope="row">${m.label}</th>
        ${networks.map((net) => {
          const x = m.metrics.find((y) => y.network === net);
          return x
            ? html`<td class="num ${x.cosine.mean === bestCos(net) ? 'best' : ''}">${pm(x.cosine)}</td><td class="num">${pm(x.l1)}</td><td class="num">${pm(x.gram)}</td>`
            : html`<td></td><td></td><td></td>`;
        })}
        <td class="num">${pm(m.extractor.cosine)}</td>
        <td class="num">${formatSeconds(m.secondsPerImage)}</td>
      </tr>`,
    );
  }

  private status() {
    const run = this.running;
    if (run) {
      return html`<div class="running" role="status" aria-label="Evaluation progress">
        <progress max="1" .value=${run.fraction}></progress>
        <span>${run.message}</span>
        <button @click=${() => this.host_.post({ type: 'cancel' })}>Cancel</button>
      </div>`;
    }
    const p = this.report?.partial;
    if (this.stopped && this.stopped.reason !== 'done') {
      return html`<p class="muted" role="status">Evaluation ${this.stopped.reason}${this.stopped.message ? `: ${this.stopped.message}` : ''}${p ? ` — ${p.done} of ${p.total} layers evaluated` : ''}.</p>`;
    }
    return p ? html`<p class="muted" role="status">Partial report: ${p.done} of ${p.total} layers evaluated.</p>` : nothing;
  }

  override render() {
    if (this.error) return html`<div class="error" role="alert">${this.error.message}</div>`;
    const r = this.report;
    if (!r) {
      if (this.running) return html`${this.status()}<p class="muted">The first layer appears here when it is evaluated.</p>`;
      // stopped before the first layer was done: say so (there is no report to read)
      return this.stopped ? this.status() : html`<p class="muted">Reading the evaluation report…</p>`;
    }
    const networks = r.settings.testNetworks;
    return html`
      <h1>${r.title}</h1>
      ${this.status()}
      <p class="muted">${r.settings.images} images · GD ${r.settings.steps} steps (lr ${r.settings.lr}) · ${r.machine.provider.toUpperCase()}, ${r.machine.threads} threads, ${r.machine.cpuModel} · ${r.created}</p>
      ${r.speedups.length
        ? html`<div class="speedups" role="list" aria-label="Speed-ups of the GAN over gradient descent">
            ${r.speedups.map((s) => html`<span role="listitem">GAN is <strong>${s.mean.toFixed(0)}×</strong> faster than ${s.versus} (${s.min.toFixed(0)}–${s.max.toFixed(0)}×)</span>`)}
          </div>`
        : nothing}
      ${r.layers.map(
        (l) => html`<section class="layer" aria-label=${`Layer ${l.layer}`}>
          <h2>${l.layer} <span class="muted">${l.shape.join('×')}</span></h2>
          <div class="side">
            <figure>
              ${this.grids[l.layer] ? html`<img src=${this.grids[l.layer]} alt=${`${l.layer}: rows ${l.gridRows.join(', ')}`} />` : nothing}
              <ol class="rows muted">${l.gridRows.map((row) => html`<li>${row}</li>`)}</ol>
            </figure>
            <table>
              <thead>
                <tr>
                  <th scope="col">method</th>
                  ${networks.map((n) => html`<th scope="col">${n} cosine</th><th scope="col">L1</th><th scope="col">Gram</th>`)}
                  <th scope="col">${l.layer} cosine</th>
                  <th scope="col">time / image</th>
                </tr>
              </thead>
              <tbody>${this.methodRows(l.methods, networks)}</tbody>
            </table>
          </div>
        </section>`,
      )}
    `;
  }
}
