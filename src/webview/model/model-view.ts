/**
 * <gan-model-view>: the .onnx custom editor's page. Receives ModelViewToWebview messages, renders the summary and
 * the filterable layer outline, and posts ModelViewToHost messages for per-layer actions.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { ModelAnalysis } from '../../protocol/model';
import type { LayerAction, ModelViewState, ModelViewToHost, ModelViewToWebview } from '../../protocol/views/model';
import type { WireError } from '../../protocol/errors';
import { HostConnection } from '../host-connection';
import { themeStyles } from '../theme';
import { filterLayers } from './filter';
import { renderLayerTable } from './layer-table';
import { renderSummary } from './summary';
import { baseName } from './format';

@customElement('gan-model-view')
export class ModelView extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host { padding: 0 20px 20px; display: block; container-type: inline-size; }
      header { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
      .facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }
      .facts dt { color: var(--vscode-descriptionForeground); }
      .facts dd { margin: 0; }
      .io { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
      .ops { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: max-content 1fr max-content; gap: 2px 10px; align-items: center; max-width: 560px; }
      .ops li { display: contents; }
      .ops .bar { width: 100%; height: 6px; appearance: none; border: none; background: transparent; }
      .ops .bar::-webkit-progress-bar { background: transparent; }
      .ops .bar::-webkit-progress-value { background: var(--vscode-charts-blue, var(--vscode-focusBorder)); }
      .toolbar { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
      .toolbar vscode-textfield { width: min(420px, 100%); }
      /* Long tensor names wrap anywhere; the action column keeps its width and never leaves the editor. */
      table.layers td.name { overflow-wrap: anywhere; word-break: break-word; }
      table.layers td.mono { overflow-wrap: anywhere; }
      .actions { white-space: nowrap; width: 1%; }
      .actions vscode-button { margin-right: 4px; }
      @container (max-width: 1100px) {
        .actions .label { display: none; }
      }
      .aliases { margin-left: 6px; }
      .num { text-align: right; }
      .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      .loading { display: flex; gap: 8px; align-items: center; margin-top: 16px; }
    `,
  ];

  @state() private analysis: ModelAnalysis | undefined;
  @state() private error: WireError | undefined;
  @state() private loadingFile: string | undefined;
  @state() private trusted = true;
  @state() private filter = '';
  @state() private showConstants = false;

  private readonly host_ = new HostConnection<ModelViewToHost, ModelViewToWebview, ModelViewState>(this, (m) => this.receive(m), { type: 'ready' });

  override connectedCallback(): void {
    super.connectedCallback();
    this.filter = this.host_.getState()?.filter ?? '';
    this.showConstants = this.host_.getState()?.showConstants ?? false;
  }

  private receive(m: ModelViewToWebview): void {
    switch (m.type) {
      case 'loading':
        this.loadingFile = m.file;
        break;
      case 'analysis':
        this.analysis = m.analysis;
        this.trusted = m.trusted;
        this.error = undefined;
        this.loadingFile = undefined;
        break;
      case 'error':
        this.error = m.error;
        this.loadingFile = undefined;
        break;
      case 'trust':
        this.trusted = m.trusted;
        break;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('analysis' as keyof ModelView) && this.analysis) {
      const top = this.host_.getState()?.scrollTop;
      if (top) window.scrollTo({ top });
    }
  }

  private saveState(): void {
    this.host_.setState({ filter: this.filter, scrollTop: window.scrollY, showConstants: this.showConstants });
  }

  private onFilterInput(e: Event): void {
    this.filter = (e.target as HTMLInputElement).value;
    this.saveState();
  }

  private onConstantsToggle(e: Event): void {
    this.showConstants = (e.target as HTMLInputElement).checked;
    this.saveState();
  }

  private onFilterKey(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.filter) {
      this.filter = '';
      (e.target as HTMLInputElement).value = '';
      this.saveState();
    }
  }

  private onTableClick(e: Event): void {
    const button = (e.target as HTMLElement).closest('vscode-button');
    if (!button || button.hasAttribute('disabled')) return;
    const action = button.dataset.action as LayerAction | undefined;
    const tensor = button.dataset.tensor;
    const name = button.dataset.name;
    if (!action || tensor === undefined || name === undefined) return;
    this.saveState();
    this.host_.post({ type: 'layerAction', action, tensor, name });
  }

  override render() {
    if (this.error) {
      return html`<h1>Could not open the model</h1>
        <div class="error" role="alert">${this.error.message}</div>
        <p><vscode-button @click=${() => this.host_.post({ type: 'reload' })}>Try again</vscode-button></p>`;
    }
    if (!this.analysis) {
      return html`<div class="loading" role="status"><vscode-progress-ring></vscode-progress-ring> Analysing ${this.loadingFile ?? 'the model'}…</div>`;
    }
    const a = this.analysis;
    const shown = filterLayers(a.layers, this.filter, this.showConstants);
    const constants = a.layers.filter((l) => l.constant).length;
    const total = this.showConstants ? a.layers.length : a.layers.length - constants;
    return html`
      <header>
        <h1 title=${a.summary.file}>${baseName(a.summary.file)}</h1>
        <vscode-badge variant="counter" title="Layers">${total} layers</vscode-badge>
        ${this.loadingFile ? html`<vscode-progress-ring aria-label="Reloading"></vscode-progress-ring>` : nothing}
      </header>
      ${this.trusted ? nothing : html`<p class="notice" role="note">Restricted Mode: GAN Lens shows the structure only and runs nothing.</p>`}
      ${renderSummary(a.summary)}
      <section aria-labelledby="layers-title">
        <h2 id="layers-title">Layers</h2>
        <div class="toolbar">
          <vscode-textfield
            id="filter"
            placeholder="Filter by name, op or shape (e.g. layer2 Relu 28×28)"
            .label=${'Filter layers'}
            .value=${this.filter}
            @input=${this.onFilterInput}
            @keydown=${this.onFilterKey}
          ></vscode-textfield>
          ${constants > 0
            ? html`<vscode-checkbox
                id="show-constants"
                .checked=${this.showConstants}
                label="Weight copies (${constants})"
                title="Tensors computed from weights alone, such as torch's onnx::Conv_123 Identity copies"
                @change=${this.onConstantsToggle}
              ></vscode-checkbox>`
            : nothing}
          <span class="muted" role="status" id="layer-count">${shown.length} of ${total} layers</span>
        </div>
        <div @click=${this.onTableClick}>${renderLayerTable(shown, this.trusted)}</div>
      </section>
    `;
  }
}
