/** The layer outline: one row per tensor with its actions. Buttons carry data attributes; the view handles clicks. */
import { html, nothing, type TemplateResult } from 'lit';
import type { LayerInfo } from '../../protocol/model';
import type { LayerAction } from '../../protocol/views/model';
import { shapeText } from './format';

const ACTIONS: { action: LayerAction; label: string; icon: string; needsTrust: boolean; needsSpatial: boolean }[] = [
  { action: 'invert', label: 'Invert…', icon: 'debug-reverse-continue', needsTrust: true, needsSpatial: true },
  { action: 'visualize', label: 'Visualize…', icon: 'eye', needsTrust: true, needsSpatial: true },
  { action: 'copyName', label: 'Copy name', icon: 'copy', needsTrust: false, needsSpatial: false },
];

export function renderLayerTable(layers: readonly LayerInfo[], trusted: boolean): TemplateResult {
  return html`
    <table class="layers" aria-label="Layers">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Op</th>
          <th scope="col">Shape</th>
          <th scope="col">Spatial</th>
          <th scope="col" title="Down-samplings from the image input (extractors) or up-samplings to the output (generators)">Sampling distance</th>
          <th scope="col"><span class="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${layers.map((l) => renderRow(l, trusted))}
      </tbody>
    </table>
  `;
}

function renderRow(l: LayerInfo, trusted: boolean): TemplateResult {
  return html`
    <tr data-tensor=${l.tensor}>
      <td class="name" title=${l.tensor}>
        <span class="mono">${l.name}</span>
        ${l.aliases.length ? html`<span class="muted aliases">= ${l.aliases.join(', ')}</span>` : nothing}
      </td>
      <td>${l.op}</td>
      <td class="mono">${shapeText(l.shape)}${l.shapeSource === 'probe' ? html` <span class="muted" title="Shape from a probing run">(probed)</span>` : nothing}</td>
      <td class="mono">${l.spatial ? l.spatial.join('×') : '—'}</td>
      <td class="num">${l.samplingDistance ?? '—'}</td>
      <td class="actions">
        ${ACTIONS.map((a) => {
          const disabled = (a.needsTrust && !trusted) || (a.needsSpatial && !l.spatial);
          return html`<vscode-button
            secondary
            data-action=${a.action}
            data-tensor=${l.tensor}
            data-name=${l.name}
            ?disabled=${disabled}
            icon=${a.icon}
            aria-label="${a.label.replace('…', '')} ${l.name}"
            title=${!trusted && a.needsTrust ? 'Not available in Restricted Mode' : a.label}
          ><span class="label">${a.label}</span></vscode-button>`;
        })}
      </td>
    </tr>
  `;
}
