/**
 * <gan-line-chart>: a chart.js line chart themed from VS Code's colours (re-read when the theme changes). Set
 * `series` (label, points) to update; a visually hidden table carries the same numbers for screen readers and tests.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip } from 'chart.js';
import { themeStyles } from '../theme';
import { themeColor } from './theme-colors';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface ChartSeries {
  label: string;
  points: { x: number; y: number }[];
}

const SERIES_COLORS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple'];

@customElement('gan-line-chart')
export class LineChart extends LitElement {
  static override styles = [
    themeStyles,
    css`
      .wrap { position: relative; height: 220px; }
      .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    `,
  ];

  @property({ attribute: false }) series: ChartSeries[] = [];
  @property() label = 'Chart';
  @property() xLabel = 'step';
  @query('canvas') private canvas!: HTMLCanvasElement;
  private chart: Chart<'line', { x: number; y: number }[]> | undefined;
  private themeObserver: MutationObserver | undefined;

  override firstUpdated(): void {
    const fg = themeColor('--vscode-foreground', '#888');
    const grid = themeColor('--vscode-panel-border', 'rgba(128,128,128,0.3)');
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: this.xLabel, color: fg }, ticks: { color: fg }, grid: { color: grid } },
          y: { type: 'linear', ticks: { color: fg }, grid: { color: grid } },
        },
        plugins: { legend: { labels: { color: fg } } },
      },
    });
    this.sync();
    // VS Code swaps the theme by changing <body>'s class: recolour then.
    this.themeObserver = new MutationObserver(() => this.recolor());
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  override disconnectedCallback(): void {
    this.themeObserver?.disconnect();
    this.chart?.destroy();
    this.chart = undefined;
    super.disconnectedCallback();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('series')) this.sync();
  }

  /** Number of points drawn per series (for tests). */
  get drawnPoints(): number[] {
    return this.chart?.data.datasets.map((d) => d.data.length) ?? [];
  }

  private sync(): void {
    if (!this.chart) return;
    this.chart.data.datasets = this.series.map((s, i) => {
      const color = themeColor(SERIES_COLORS[i % SERIES_COLORS.length]!, '#3794ff');
      return { label: s.label, data: s.points, borderColor: color, backgroundColor: color, pointRadius: s.points.length > 40 ? 0 : 2, borderWidth: 1.5 };
    });
    this.chart.update('none');
  }

  private recolor(): void {
    if (!this.chart) return;
    const fg = themeColor('--vscode-foreground', '#888');
    const scales = this.chart.options.scales as Record<string, { ticks?: { color?: string }; title?: { color?: string } }>;
    for (const s of Object.values(scales)) {
      if (s.ticks) s.ticks.color = fg;
      if (s.title) s.title.color = fg;
    }
    this.sync();
  }

  override render() {
    return html`
      <div class="wrap"><canvas role="img" aria-label=${this.label}></canvas></div>
      <table class="sr-only" aria-label=${`${this.label} data`}>
        ${this.series.map((s) => html`<tr><th>${s.label}</th><td>${s.points.map((p) => `${p.x}: ${p.y.toPrecision(4)}`).join(', ')}</td></tr>`)}
      </table>
    `;
  }
}
