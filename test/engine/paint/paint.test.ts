import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { loadVectorSetup } from '../../../src/engine/vectors/setup';
import { openGeneratorParts, type GeneratorParts } from '../../../src/engine/vectors/parts';
import { sampleVectors } from '../../../src/engine/vectors/sample';
import { libraryDir, openLibrary, updateLibrary } from '../../../src/engine/vectors/library';
import { resolvePalette, type Palette } from '../../../src/engine/paint/palette';
import { decodeRgb, encodeRgbPng, indexMask } from '../../../src/engine/paint/mask';
import { Painter } from '../../../src/engine/paint/painter';
import { paintImage, writePaintImage } from '../../../src/engine/paint/paint-image';
import { paintBatch } from '../../../src/engine/paint/batch';
import { randomMask } from '../../../src/engine/paint/random-masks';
import { encodePng, unstackImage } from '../../../src/engine/runtime/image';
import { LAYER, tinyWorkspace } from '../vectors/fixture';

after(() => clearSessionCache());

const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];
const GREEN: [number, number, number] = [0, 255, 0];

async function setup(): Promise<{ dir: string; parts: GeneratorParts; palette: Palette }> {
  const { dir, config } = tinyWorkspace();
  const parts = await openGeneratorParts(await loadVectorSetup(config, 'up0'));
  const vs = await sampleVectors(parts, { n: 2, seed: 9 });
  const lib = libraryDir(dir, 'tiny');
  await updateLibrary(lib, { generator: config.generator.model, layer: 'up0', tensor: LAYER, channels: 8 }, (l) => {
    l.add(vs[0]!.vector, { name: 'tumour', provenance: vs[0]!.provenance });
    l.add(vs[1]!.vector, { name: 'stroma', provenance: vs[1]!.provenance });
  });
  const palette = resolvePalette(
    { keep: '#00ff00', colors: [{ color: '#ff0000', vector: 'tumour', label: 3 }, { color: 'rgb(0, 0, 255)', vector: 'stroma', label: 1 }] },
    openLibrary(lib),
  );
  return { dir, parts, palette };
}

/** A 32×32 RGB mask: red square rows 4..15 × cols 0..11, blue stripe rows 24..31, green elsewhere, one blended pixel. */
function maskRgb(): { h: number; w: number; rgb: Uint8Array } {
  const h = 32;
  const w = 32;
  const rgb = new Uint8Array(h * w * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) rgb.set(y >= 4 && y < 16 && x < 12 ? RED : y >= 24 ? BLUE : GREEN, (y * w + x) * 3);
  }
  rgb.set([240, 20, 10], (5 * w + 5) * 3); // anti-aliasing noise inside the red square
  return { h, w, rgb };
}

test('painting replaces exactly the painted LayerX cells, and the suffix is fed exactly that', async () => {
  const { parts, palette } = await setup();
  const painter = Painter.open(parts);
  const file = maskRgb();
  const mask = indexMask(file, palette);
  const r = await paintImage(painter, { palette, mask, seed: 42, variations: 1 });
  const fed = (await painter.paint([{ mask, vectors: palette.entries.map((e) => e.vector), seed: 42 }])).layerX;
  const base = await painter.base(42);
  const x = fed.data as Float32Array;
  let painted = 0;
  for (let y = 0; y < 8; y++) {
    for (let xx = 0; xx < 8; xx++) {
      // Nearest: LayerX cell (y, x) reads mask pixel (4y, 4x).
      const i = mask.data[4 * y * 32 + 4 * xx]!;
      for (let c = 0; c < 8; c++) {
        const got = x[c * 64 + y * 8 + xx]!;
        const want = i < 0 ? base[c * 64 + y * 8 + xx]! : palette.entries[i]!.vector[c]!;
        assert.equal(got, want, `cell (${y}, ${xx}) channel ${c}`);
      }
      if (i >= 0) painted++;
    }
  }
  assert.equal(painted, 3 * 3 + 2 * 8, 'red 3×3 cells, blue 2 rows');
  // The image is the suffix on that input: render it directly and compare.
  const direct = await parts.render(fed, [42]);
  assert.deepEqual([...r.images[0]!.data], [...direct.data]);
  // Painting on a grid (red entry, k = 2): inside the red region only blue checkerboard cells take the vector.
  const gridded = (await painter.paint([{ mask, vectors: palette.entries.map((e) => e.vector), grids: [2, 0], seed: 42 }])).layerX.data as Float32Array;
  for (let y = 0; y < 8; y++) {
    for (let xx = 0; xx < 8; xx++) {
      const i = mask.data[4 * y * 32 + 4 * xx]!;
      const blue = (Math.floor(y / 2) + Math.floor(xx / 2)) % 2 === 0;
      const want = i === 1 || (i === 0 && blue) ? palette.entries[i]!.vector[0]! : base[y * 8 + xx]!;
      assert.equal(gridded[y * 8 + xx], want, `grid cell (${y}, ${xx})`);
    }
  }
  // An all-keep mask reproduces the unpainted sample.
  const keepAll = { h: 4, w: 4, data: new Int32Array(16).fill(-1) };
  const same = await painter.paint([{ mask: keepAll, vectors: [], seed: 42 }]);
  assert.deepEqual([...same.images.data], [...(await parts.generate([42])).images.data]);
  // The output mask (16×16 output) is the LayerX mask upsampled: labels 3 in rows 2..7 × cols 0..5, 1 in rows 12..15.
  assert.equal(r.labels.length, 16 * 16);
  for (let y = 0; y < 16; y++) {
    for (let xx = 0; xx < 16; xx++) {
      const want = y >= 2 && y < 8 && xx < 6 ? 3 : y >= 12 ? 1 : 255;
      assert.equal(r.labels[y * 16 + xx], want, `label (${y}, ${xx})`);
    }
  }
});

test('variations share the mask and differ in latents or noise; unknown colours are named', async () => {
  const { dir, parts, palette } = await setup();
  const painter = Painter.open(parts);
  const mask = indexMask(maskRgb(), palette);
  const byLatent = await paintImage(painter, { palette, mask, seed: 1, variations: 3 });
  const byNoise = await paintImage(painter, { palette, mask, seed: 1, variations: 3, vary: 'noise' });
  assert.equal(byLatent.images.length, 3);
  const key = (t: { data: Float32Array }): string => Buffer.from(t.data.buffer).toString('base64');
  assert.equal(new Set(byLatent.images.map(key)).size, 3);
  assert.equal(new Set(byNoise.images.map(key)).size, 3);
  assert.equal(key(byLatent.images[0]!), key(byNoise.images[0]!), 'variation 0 is the sample itself');
  // Noise enters after LayerX here: varying it keeps the base LayerX, so only the latent variation changes it.
  assert.deepEqual([...(await painter.base(byNoise.seeds[1]!))], [...(await painter.base(1))]);
  const out = join(dir, 'paint');
  await writePaintImage(out, byLatent, palette);
  assert.deepEqual(readdirSync(out).sort(), ['image_0.png', 'image_1.png', 'image_2.png', 'mask.png', 'mask_rgb.png', 'paint.json']);
  assert.equal((await sharp(join(out, 'mask.png')).metadata()).channels, 1, 'a single-channel label PNG');
  const m = await sharp(join(out, 'mask.png')).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([...m.data], [...byLatent.labels]);
  // A colour outside the palette (beyond the tolerance) is reported with its position.
  const bad = maskRgb();
  bad.rgb.set([255, 255, 0], (7 * 32 + 20) * 3);
  const png = await encodeRgbPng(bad.rgb, 32, 32);
  writeFileSync(join(dir, 'bad.png'), png);
  assert.throws(() => indexMask({ ...bad }, palette, 'bad.png'), /bad\.png: pixel \(7, 20\) has colour #ffff00/);
  const decoded = await decodeRgb(join(dir, 'bad.png'));
  assert.deepEqual([...decoded.rgb], [...bad.rgb]);
});

test('batch export writes images/, masks/, a legend and a manifest a segmentation trainer can read', async () => {
  const { dir, parts, palette } = await setup();
  const painter = Painter.open(parts);
  const out = join(dir, 'batch');
  const r = await paintBatch(painter, out, { palette, n: 5, seed: 3, batchSize: 2 });
  assert.equal(r.samples.length, 5);
  for (const d of ['images', 'masks', 'masks_rgb']) assert.deepEqual(readdirSync(join(out, d)).sort(), ['000000.png', '000001.png', '000002.png', '000003.png', '000004.png']);
  const legend = JSON.parse(readFileSync(join(out, 'palette.json'), 'utf8')) as { ignoreLabel: number; classes: { label: number; name: string; color: string }[] };
  assert.equal(legend.ignoreLabel, 255);
  assert.deepEqual(legend.classes.map((c) => [c.label, c.name, c.color]), [[3, 'tumour', '#ff0000'], [1, 'stroma', '#0000ff']]);
  assert.match(readFileSync(join(out, 'README.md'), 'utf8'), /\| 3 \| tumour \| `#ff0000` \| tumour \|/);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { samples: { maskSource: string; pixels: Record<string, number> }[] };
  assert.deepEqual(manifest.samples.map((s) => s.maskSource), ['random:blobs', 'random:stripes', 'random:regions', 'random:blobs', 'random:stripes']);
  for (const [i, s] of manifest.samples.entries()) {
    const img = await sharp(join(out, 'images', `00000${i}.png`)).metadata();
    const m = await sharp(join(out, 'masks', `00000${i}.png`)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    assert.equal(img.width, m.info.width);
    assert.equal(img.height, m.info.height);
    assert.ok([...m.data].every((v) => v === 1 || v === 3 || v === 255));
    assert.ok((s.pixels['1'] ?? 0) + (s.pixels['3'] ?? 0) > 0, 'something was painted');
  }
  // From a mask folder: the given masks, cycled.
  const masks = join(dir, 'masks-in');
  mkdirSync(masks);
  writeFileSync(join(masks, 'a.png'), await encodeRgbPng(maskRgb().rgb, 32, 32));
  const r2 = await paintBatch(painter, join(dir, 'batch2'), { palette, n: 2, seed: 3, masks, writeUnpainted: true });
  assert.deepEqual(r2.samples.map((s) => s.maskSource), [join(masks, 'a.png'), join(masks, 'a.png')]);
  assert.ok(existsSync(join(dir, 'batch2', 'masks', '000001.png')));
  const before = await sharp(join(dir, 'batch2', 'unpainted', '000000.png')).raw().toBuffer();
  const expected = await sharp(await encodePng(unstackImage((await parts.generate([r2.samples[0]!.seed])).images, 0))).raw().toBuffer();
  assert.deepEqual(before, expected, 'unpainted/ holds the same sample without painting');
});

test('random masks are seeded and use every shape', () => {
  for (const shape of ['blobs', 'stripes', 'regions'] as const) {
    const a = randomMask(64, 64, 2, shape, 5);
    assert.deepEqual([...a.data], [...randomMask(64, 64, 2, shape, 5).data]);
    const painted = a.data.filter((v) => v >= 0).length;
    assert.ok(painted > 64 && painted <= 64 * 64, `${shape}: ${painted} painted pixels`);
  }
});
