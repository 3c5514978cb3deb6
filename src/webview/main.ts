/** Webview entry (dist/webview.js): mounts the root component named by <body data-view>. */
import './model/model-view';
import './gallery/gallery-view';
import './stitch/stitch-view';
import './compare/compare-view';
import './paint/paint-view';
import './atlas/atlas-view';

const VIEWS: Record<string, string> = {
  model: 'gan-model-view',
  gallery: 'gan-gallery-view',
  stitch: 'gan-stitch-view',
  compare: 'gan-compare-view',
  paint: 'gan-paint-view',
  atlas: 'gan-atlas-view',
};

const tag = VIEWS[document.body.dataset.view ?? ''];
if (tag) {
  document.body.appendChild(document.createElement(tag));
} else {
  document.body.textContent = `GAN Lens: unknown view '${document.body.dataset.view ?? ''}'.`;
}
