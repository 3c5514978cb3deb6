import * as vscode from 'vscode';
import type { LayerInfo, ModelAnalysis } from '../../protocol/model';
import { formatLayerShape } from './format';

export interface LayerPickItem extends vscode.QuickPickItem {
  layer: LayerInfo;
}

/** Quick pick of a model's layers; spatial layers first when `spatialOnly` (inversion needs a feature map). */
function layerPickItems(analysis: ModelAnalysis, spatialOnly: boolean): LayerPickItem[] {
  const layers = spatialOnly ? analysis.layers.filter((l) => l.spatial) : analysis.layers;
  return layers.map((layer) => ({
    label: layer.name,
    description: [layer.op, formatLayerShape(layer.shape)].join('  '),
    detail: [
      layer.aliases.length ? `alias ${layer.aliases.join(', ')}` : '',
      layer.samplingDistance !== null ? `sampling distance ${layer.samplingDistance}` : '',
      layer.name !== layer.tensor ? `tensor ${layer.tensor}` : '',
    ].filter(Boolean).join(' · ') || undefined,
    layer,
  }));
}

export async function pickLayer(analysis: ModelAnalysis, file: string, title: string, preselect?: string): Promise<LayerInfo | undefined> {
  const items = layerPickItems(analysis, true);
  if (items.length === 0) {
    void vscode.window.showWarningMessage(`${file} has no layer with a known spatial size (N×C×H×W) to pick.`);
    return undefined;
  }
  const qp = vscode.window.createQuickPick<LayerPickItem>();
  qp.title = title;
  qp.placeholder = 'Layer (type to filter by name, op or shape)';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = items;
  const pre = preselect ? items.find((i) => i.layer.tensor === preselect || i.layer.name === preselect) : undefined;
  if (pre) qp.activeItems = [pre];
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.layer ?? qp.activeItems[0]?.layer);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
