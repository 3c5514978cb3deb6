import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageGuard, type MessageOf } from './declare';
import { isAtlasToHost } from './atlas';
import { isCompareToHost } from './compare';
import { isGalleryToHost } from './gallery';
import { isModelViewToHost } from './model';
import { isPaintToHost } from './paint';
import { isStitchToHost } from './stitch-panel';

test('an optionalInt field may be absent, and is an integer where present', () => {
  const spec = { roll: { seed: 'int', noise: 'optionalInt' } } as const;
  const is = messageGuard(spec);
  const ok: MessageOf<typeof spec>[] = [{ type: 'roll', seed: 1 }, { type: 'roll', seed: 1, noise: -4 }];
  for (const m of ok) assert.equal(is(m), true, JSON.stringify(m));
  for (const m of [{ type: 'roll', seed: 1, noise: 1.5 }, { type: 'roll', seed: 1, noise: null }, { type: 'roll', noise: 2 }]) assert.equal(is(m), false, JSON.stringify(m));
});

test('a declared spec gives a guard that checks the type and every declared field', () => {
  const spec = { ping: {}, move: { to: 'nonNegativeInt', by: 'int', n: 'positiveInt' }, pick: { what: ['a', 'b'], why: 'string' } } as const;
  const is = messageGuard(spec);
  const ok: MessageOf<typeof spec>[] = [{ type: 'ping' }, { type: 'move', to: 0, by: -3, n: 1 }, { type: 'pick', what: 'b', why: '' }];
  for (const m of ok) assert.equal(is(m), true, JSON.stringify(m));
  const bad: unknown[] = [
    null, 7, 'ping', [], {}, { type: 'pong' }, { type: 'toString' }, { type: 'constructor' },
    { type: 'move', to: -1, by: 0, n: 1 }, { type: 'move', to: 1.5, by: 0, n: 1 }, { type: 'move', to: 0, by: 0, n: 0 },
    { type: 'move', to: 0, by: '0', n: 1 }, { type: 'move', to: 0, n: 1 }, { type: 'pick', what: 'c', why: '' }, { type: 'pick', what: 'a' },
  ];
  for (const m of bad) assert.equal(is(m), false, JSON.stringify(m));
});

test('every view accepts what its webview posts and refuses the rest', () => {
  const cases: [(v: unknown) => boolean, unknown[], unknown[]][] = [
    [isGalleryToHost, [{ type: 'ready' }, { type: 'show', index: 0, seed: 4 }, { type: 'saveImage', name: 'a.png', png: 'AAAA' }], [{ type: 'show', index: -1, seed: 0 }, { type: 'show', index: 0 }, { type: 'saveImage', name: 3, png: '' }]],
    [isStitchToHost, [{ type: 'ready' }, { type: 'pause', jobId: 'j' }, { type: 'cancel', jobId: 'j' }, { type: 'resume' }, { type: 'openGallery' }], [{ type: 'pause' }, { type: 'stop', jobId: 'j' }]],
    [isCompareToHost, [{ type: 'ready' }, { type: 'openFile', file: '/r/images/a.png' }], [{ type: 'openFile' }, { type: 'openFile', file: 1 }]],
    [isPaintToHost, [{ type: 'ready' }, { type: 'reload' }, { type: 'paint', mask: 'x', seed: 0, variations: 2 }, { type: 'export', mask: 'x', seed: 1 }, { type: 'batch', count: 3, seed: 0 }, { type: 'cancelJob', jobId: 'j' }, { type: 'paint', mask: 'x', seed: 0, variations: 2, noiseSeed: 7 }, { type: 'export', mask: 'x', seed: 1, noiseSeed: 0 }, { type: 'sampleLibrary' }], [{ type: 'batch', count: 0, seed: 0 }, { type: 'paint', mask: 'x', seed: 0.5, variations: 1 }, { type: 'export', seed: 1 }, { type: 'paint', mask: 'x', seed: 0, variations: 2, noiseSeed: 0.5 }, { type: 'export', mask: 'x', seed: 1, noiseSeed: '3' }]],
    [isAtlasToHost, [{ type: 'ready' }, { type: 'add', rank: 0 }, { type: 'cancelJob', jobId: 'j' }], [{ type: 'add', rank: -2 }, { type: 'add' }]],
    [isModelViewToHost, [{ type: 'ready' }, { type: 'reload' }, { type: 'layerAction', action: 'invert', tensor: 't', name: 'n' }], [{ type: 'layerAction', action: 'delete', tensor: 't', name: 'n' }, { type: 'layerAction', action: 'stitch', tensor: 't' }]],
  ];
  for (const [is, good, bad] of cases) {
    for (const m of good) assert.equal(is(m), true, JSON.stringify(m));
    for (const m of bad) assert.equal(is(m), false, JSON.stringify(m));
  }
});
