import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StitchRunsRequest, StitchTrainRequest } from '../../src/protocol/stitch';
import { SetTrustRequest } from '../../src/protocol/engine';
import { GanLensError } from '../../src/engine/util/errors';
import { startClient, type Harness } from './engine-harness';
import { tinyWorkspace, type TinyWorkspace } from './fixture-workspace';

let h: Harness;
let ws: TinyWorkspace;
let other: TinyWorkspace;

before(() => {
  h = startClient();
  ws = tinyWorkspace();
  other = tinyWorkspace();
});
after(() => {
  h.client.dispose();
  ws.cleanup();
  other.cleanup();
});

test('with workspace roots, a config naming files outside them is refused by key and path, contents never shown', async () => {
  // The extractor is a text file elsewhere, whose first bytes must not reach the message.
  const secret = join(other.dir, 'secret.txt');
  writeFileSync(secret, 'TOP-SECRET-CONTENT');
  const c = JSON.parse(readFileSync(ws.config, 'utf8')) as { extractor: { model: string } };
  c.extractor.model = secret;
  const bad = join(ws.dir, 'outside.ganlens.json');
  writeFileSync(bad, JSON.stringify(c));
  await h.client.request(SetTrustRequest, { trusted: true, roots: [ws.dir] });
  await assert.rejects(
    h.client.runJob(StitchTrainRequest, { config: bad, pair: { from: 'block1', to: 'auto' }, epochs: 1, samplesPerEpoch: 4 }),
    (e: unknown) => e instanceof GanLensError && e.kind === 'bad-input' && e.message.includes(`/extractor/model resolves to ${secret}`) && /outside the workspace/.test(e.message) && /ganLens\.allowedPaths/.test(e.message) && !e.message.includes('TOP-SECRET'),
  );
  // A config outside the roots is refused before it is read.
  await assert.rejects(h.client.request(StitchRunsRequest, { config: other.config }), (e: unknown) => e instanceof GanLensError && /the config .* is outside the workspace/.test(e.message));
  // Inside the roots (or with the other folder allowed) it runs.
  assert.deepEqual(await h.client.request(StitchRunsRequest, { config: ws.config }), []);
  await h.client.request(SetTrustRequest, { trusted: true, roots: [ws.dir, other.dir] });
  assert.deepEqual(await h.client.request(StitchRunsRequest, { config: other.config }), []);
  await assert.rejects(h.client.request(SetTrustRequest, { trusted: true, roots: ['relative/path'] }), (e: unknown) => e instanceof GanLensError && /absolute folder paths/.test(e.message));
});
