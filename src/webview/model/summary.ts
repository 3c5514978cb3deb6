/** The Netron-like model summary: format, inputs, outputs, parameter counts, op histogram. */
import { html, type TemplateResult } from 'lit';
import type { ModelSummary } from '../../protocol/model';
import { countText, shapeText } from './format';

export function renderSummary(s: ModelSummary): TemplateResult {
  const ops = Object.entries(s.opCounts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const max = ops[0]?.[1] ?? 1;
  return html`
    <section aria-labelledby="summary-title" class="summary">
      <h2 id="summary-title">Model</h2>
      <dl class="facts">
        <dt>Kind</dt><dd data-fact="kind">${s.kind}</dd>
        <dt>Producer</dt><dd>${s.producer || '—'}</dd>
        <dt>IR version</dt><dd>${s.irVersion}</dd>
        <dt>Opsets</dt><dd>${s.opsets.map((o) => `${o.domain} ${o.version}`).join(', ')}</dd>
        <dt>Nodes</dt><dd data-fact="nodes">${s.nodeCount}</dd>
        <dt>Initializers</dt><dd data-fact="initializers">${s.initializerCount}</dd>
        <dt>Parameters</dt><dd data-fact="parameters" title=${String(s.parameterCount)}>${countText(s.parameterCount)}</dd>
      </dl>
      <div class="io">
        <table aria-label="Inputs">
          <thead><tr><th scope="col">Input</th><th scope="col">Role</th><th scope="col">Type</th><th scope="col">Shape</th></tr></thead>
          <tbody>${s.inputs.map((i) => html`<tr><td class="mono">${i.name}</td><td>${i.role}</td><td>${i.dtype}</td><td class="mono">${shapeText(i.shape)}</td></tr>`)}</tbody>
        </table>
        <table aria-label="Outputs">
          <thead><tr><th scope="col">Output</th><th scope="col">Type</th><th scope="col">Shape</th></tr></thead>
          <tbody>${s.outputs.map((o) => html`<tr><td class="mono">${o.name}</td><td>${o.dtype}</td><td class="mono">${shapeText(o.shape)}</td></tr>`)}</tbody>
        </table>
      </div>
      <h2>Operators</h2>
      <ul class="ops" aria-label="Operator histogram">
        ${ops.map(([op, n]) => html`<li><span class="op-name">${op}</span><progress class="bar" max=${max} value=${n} aria-hidden="true"></progress><span class="op-count">${n}</span></li>`)}
      </ul>
    </section>
  `;
}
