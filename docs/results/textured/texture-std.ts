// Texture, not flat colour? Per-pixel standard deviation inside painted regions against real tiles of the class.
// For every painted image and label: the standard deviation over the region's pixels of each RGB channel (0..255),
// averaged over the channels, on the whole region and on its interior (pixels at least ERODE px from the region's
// edge and the image border, where even a generator without noise makes structure); the same statistic for the
// pixels of that class in the real validation tiles (demo/data/val). Ratio = painted / real (issue #20 wants ≥ 0.5).
// Usage: node --import tsx docs/results/textured/texture-std.ts BATCH_DIR VAL_DIR OUT.json [ERODE=8]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

async function raw(file: string, channels: 1 | 3): Promise<{ data: Buffer; w: number; h: number }> {
  const r = await sharp(file).removeAlpha().toColourspace(channels === 1 ? 'b-w' : 'srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: r.data, w: r.info.width, h: r.info.height };
}

/** Pixels of label `l` whose (2e+1)² neighbourhood is inside the image and all label `l`. */
function interior(labels: Buffer, w: number, h: number, l: number, e: number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = e; y < h - e; y++) {
    for (let x = e; x < w - e; x++) {
      let ok = labels[y * w + x] === l;
      for (let dy = -e; ok && dy <= e; dy++) for (let dx = -e; ok && dx <= e; dx++) ok = labels[(y + dy) * w + x + dx] === l;
      out[y * w + x] = ok ? 1 : 0;
    }
  }
  return out;
}

/** Mean over RGB channels of the std over the selected pixels; undefined with fewer than `min` pixels. */
function regionStd(rgb: Buffer, sel: (i: number) => boolean, n: number, min = 64): number | undefined {
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!sel(i)) continue;
    k++;
    for (let c = 0; c < 3; c++) {
      const v = rgb[i * 3 + c]!;
      sum[c] += v;
      sq[c] += v * v;
    }
  }
  if (k < min) return undefined;
  return [0, 1, 2].reduce((a, c) => a + Math.sqrt(Math.max(0, sq[c]! / k - (sum[c]! / k) ** 2)), 0) / 3;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function stats(imagesDir: string, masksDir: string, names: string[], erode: number, labelsWanted: Set<number>) {
  const per = new Map<number, { whole: number[]; inner: number[] }>();
  for (const f of names) {
    const img = await raw(join(imagesDir, f), 3);
    const lab = await raw(join(masksDir, f), 1);
    const n = img.w * img.h;
    for (const l of labelsWanted) {
      const whole = regionStd(img.data, (i) => lab.data[i] === l, n);
      const inner = interior(lab.data, img.w, img.h, l, erode);
      const innerStd = regionStd(img.data, (i) => inner[i] === 1, n);
      const s = per.get(l) ?? { whole: [], inner: [] };
      if (whole !== undefined) s.whole.push(whole);
      if (innerStd !== undefined) s.inner.push(innerStd);
      per.set(l, s);
    }
  }
  return per;
}

async function main(): Promise<void> {
  const [batch, val, out, erodeArg] = process.argv.slice(2);
  if (!batch || !val || !out) throw new Error('usage: texture-std.ts BATCH_DIR VAL_DIR OUT.json [ERODE]');
  const erode = Number(erodeArg ?? 8);
  const legend = JSON.parse(readFileSync(join(batch, 'palette.json'), 'utf8')) as { classes: { label: number; name: string }[] };
  const labels = new Set(legend.classes.map((c) => c.label));
  const painted = await stats(join(batch, 'images'), join(batch, 'masks'), readdirSync(join(batch, 'images')).filter((f) => f.endsWith('.png')).sort(), erode, labels);
  const real = await stats(join(val, 'images'), join(val, 'masks'), readdirSync(join(val, 'images')).filter((f) => f.endsWith('.png')).sort(), erode, labels);
  const rows = legend.classes.map((c) => {
    const p = painted.get(c.label)!;
    const r = real.get(c.label)!;
    return {
      label: c.label,
      name: c.name,
      painted: { regions: p.whole.length, std: mean(p.whole), interiorRegions: p.inner.length, interiorStd: mean(p.inner) },
      real: { tiles: r.whole.length, std: mean(r.whole), interiorTiles: r.inner.length, interiorStd: mean(r.inner) },
      ratio: mean(p.whole) / mean(r.whole),
      interiorRatio: mean(p.inner) / mean(r.inner),
    };
  });
  writeFileSync(out, `${JSON.stringify({ batch, val, erodePx: erode, statistic: 'per region: std over its pixels of each RGB channel (0-255), mean of the 3; then the mean over regions', classes: rows }, null, 2)}\n`);
  for (const r of rows) console.log(`${r.name}: painted std ${r.painted.std.toFixed(1)} (interior ${r.painted.interiorStd.toFixed(1)}) vs real ${r.real.std.toFixed(1)} (interior ${r.real.interiorStd.toFixed(1)}): ratio ${r.ratio.toFixed(2)}, interior ${r.interiorRatio.toFixed(2)}`);
}

void main();
