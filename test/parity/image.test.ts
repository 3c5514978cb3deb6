/** Parity: image transforms against torch's F.interpolate and torchvision's eval transforms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage, resizeBilinear } from '../../src/engine/runtime/image';
import { readNpy } from '../../src/engine/runtime/npy';
import { pythonFixture } from '../helpers/fixtures';

const dir = pythonFixture('image_reference.py');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { sizes: [number, number][]; mean: number[]; std: number[]; resize: number; crop: number };

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

test('bilinear resize equals F.interpolate(bilinear, align_corners=False, antialias=False)', (t) => {
  const source = readNpy(join(dir, 'source.npy'));
  let worst = 0;
  for (const [h, w] of manifest.sizes) {
    const ref = readNpy(join(dir, `resize_${h}x${w}.npy`));
    const got = resizeBilinear(source, h, w);
    assert.deepEqual(got.dims, ref.dims);
    const d = maxDiff(got.data, ref.data as Float32Array);
    assert.ok(d <= 1e-6, `${h}×${w}: max |Δ| = ${d}`);
    worst = Math.max(worst, d);
  }
  t.diagnostic(`worst max |Δ| ${worst.toExponential(2)} (values in [-1, 3])`);
});

test('decode → Resize(40) → CenterCrop(33) → Normalize equals torchvision', async () => {
  const ref = readNpy(join(dir, 'pipeline.npy'));
  const got = await loadImage(join(dir, 'photo.png'), { resize: manifest.resize, crop: [manifest.crop, manifest.crop], mean: manifest.mean, std: manifest.std });
  assert.deepEqual(got.dims, ref.dims);
  const d = maxDiff(got.data, ref.data as Float32Array);
  assert.ok(d <= 1e-5, `max |Δ| = ${d}`);
});
