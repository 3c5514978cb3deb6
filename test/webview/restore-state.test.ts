/** The restore state a panel's host sends is kept in the webview's persisted state beside the view's own state. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RestoreStateMessage } from '../../src/protocol/views/restore';
import { restoreFromState } from '../../src/protocol/views/restore';
import { chromiumPerFile } from './browser';
import { openView } from './open-view';

const browser = chromiumPerFile();

test('restoreState is persisted for the serializer, survives the view saving its own state, and never reaches the view', async () => {
  const v = await openView(browser(), 'gallery');
  const restore: RestoreStateMessage = {
    type: 'restoreState',
    restore: { view: 'gallery', title: 'Reconstructions: demo', layers: [{ layer: 'layer1', run: '/w/runs/a' }, { layer: 'layer2', run: '/w/runs/b' }], selected: 1, seed: 7 },
  };
  await v.send(restore);
  await v.send({ type: 'layers', title: 'Reconstructions: demo', layers: restore.restore.view === 'gallery' ? restore.restore.layers : [], selected: 1, seed: 7, content: 1 });
  await v.page.getByRole('slider', { name: 'Extractor layer' }).waitFor();
  const state = await v.page.evaluate('window.__state');
  assert.deepEqual(restoreFromState(state), restore.restore, 'the gallery saving {selected, seed, content} kept the restore part');
  assert.equal((state as { selected: number }).selected, 1);
  assert.deepEqual(v.errors, []);
  // What the serializer refuses: another view's shape, missing fields.
  assert.equal(restoreFromState({ restore: { view: 'gallery', title: 'x' } }), undefined);
  assert.equal(restoreFromState({ restore: { view: 'compare' } }), undefined);
  assert.equal(restoreFromState(undefined), undefined);
  await v.page.close();
});
