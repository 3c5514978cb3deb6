import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateTile, NUM_CLASSES, STAIN_STYLES } from './';
import { Rng, tileSeed } from './rng';

test('the same (seed, index) gives the same tile; other seeds and indices differ', () => {
  const a = generateTile(11, 5);
  const b = generateTile(11, 5);
  assert.deepEqual(a.rgb, b.rgb);
  assert.deepEqual(a.labels, b.labels);
  assert.notDeepEqual(generateTile(11, 6).rgb, a.rgb);
  assert.notDeepEqual(generateTile(12, 5).rgb, a.rgb);
});

test('tiles are 128×128 RGB with labels 0..3, and every class and both stain styles occur over a small batch', () => {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  const stains = new Set<string>();
  const kinds = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const t = generateTile(3, i);
    assert.equal(t.rgb.length, 128 * 128 * 3);
    assert.equal(t.labels.length, 128 * 128);
    for (const l of t.labels) counts[l]! += 1;
    stains.add(t.stain);
    kinds.add(t.kind);
  }
  const total = 40 * 128 * 128;
  assert.equal(counts.reduce((a, b) => a + b, 0), total, 'labels outside 0..3');
  for (let c = 0; c < NUM_CLASSES; c++) assert.ok(counts[c]! / total > 0.03, `class ${c} covers ${counts[c]! / total}`);
  assert.equal(stains.size, STAIN_STYLES.length);
  assert.ok(kinds.size >= 3);
});

test('classes look different: tumour is darker than stroma, background is the brightest', () => {
  const sum = new Array<number>(NUM_CLASSES).fill(0);
  const n = new Array<number>(NUM_CLASSES).fill(0);
  for (let i = 0; i < 30; i++) {
    const t = generateTile(21, i);
    for (let p = 0; p < t.labels.length; p++) {
      const l = t.labels[p]!;
      sum[l]! += t.rgb[3 * p]! + t.rgb[3 * p + 1]! + t.rgb[3 * p + 2]!;
      n[l]! += 1;
    }
  }
  const mean = sum.map((s, i) => s / 3 / n[i]!);
  assert.ok(mean[0]! > mean[1]! && mean[1]! > mean[3]!, `mean brightness by class ${mean.map((m) => m.toFixed(0)).join(', ')}`);
  assert.ok(mean[2]! > mean[3]!, 'epithelium is lighter than tumour');
});

test('other sizes scale the layout, and bad sizes are refused with a hint', () => {
  const t = generateTile(1, 0, 64);
  assert.equal(t.rgb.length, 64 * 64 * 3);
  assert.throws(() => generateTile(1, 0, 7), /between 16 and 2048/);
});

test('the PRNG is uniform enough and tile seeds do not collide for neighbouring indices', () => {
  const r = new Rng(42);
  let s = 0;
  for (let i = 0; i < 10000; i++) s += r.next();
  assert.ok(Math.abs(s / 10000 - 0.5) < 0.02);
  const seeds = new Set<number>();
  for (let i = 0; i < 1000; i++) seeds.add(tileSeed(7, i));
  assert.equal(seeds.size, 1000);
});
