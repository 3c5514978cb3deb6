import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorMatrix, inverseColumnsMatrices, inverseRowsMatrices, spectrumScale, spectrumWidth } from '../../../src/engine/gd/fourier';
import { jitterFeeds, JITTER_PAD } from '../../../src/engine/gd/jitter';
import {GD_TENSORS, buildRenderModel } from '../../../src/engine/gd/graphs';
import { openSession } from '../../../src/engine/runtime/session';
import { f32 } from '../../../src/engine/onnx/tensor';

/** irfft2(X, norm='ortho') / 4 straight from its definition (Hermitian weights on the last axis). */
function naiveIrfft2(z: number[], h: number, w: number): number[] {
  const wf = spectrumWidth(w);
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let ky = 0; ky < h; ky++) {
        for (let kx = 0; kx < wf; kx++) {
          const weight = kx === 0 || (w % 2 === 0 && kx === w / 2) ? 1 : 2;
          const ang = 2 * Math.PI * ((ky * y) / h + (kx * x) / w);
          s += weight * (z[ky * wf + kx]! * Math.cos(ang) - z[(h + ky) * wf + kx]! * Math.sin(ang));
        }
      }
      out.push(s / Math.sqrt(h * w) / 4);
    }
  }
  return out;
}

function viaMatrices(z: number[], h: number, w: number): number[] {
  const wf = spectrumWidth(w);
  const r = inverseRowsMatrices(h);
  const c = inverseColumnsMatrices(w);
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = 0; k < wf; k++) {
        let yr = 0;
        let yi = 0;
        for (let j = 0; j < 2 * h; j++) {
          yr += r.re[y * 2 * h + j]! * z[j * wf + k]!;
          yi += r.im[y * 2 * h + j]! * z[j * wf + k]!;
        }
        s += yr * c.a[k * w + x]! + yi * c.b[k * w + x]!;
      }
      out.push(s);
    }
  }
  return out;
}

test('the DFT matrices compute the orthonormal inverse real FFT ÷ 4 (even and odd sizes)', () => {
  for (const [h, w] of [[6, 8], [5, 7], [4, 4]] as const) {
    const z = Array.from({ length: 2 * h * spectrumWidth(w) }, (_, i) => Math.sin(i * 1.7 + 0.3));
    const a = viaMatrices(z, h, w);
    const b = naiveIrfft2(z, h, w);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-5, `${h}x${w} @${i}: ${a[i]} vs ${b[i]}`);
  }
});

test('spectrum scale is 1/max(|f|, 1/max(H,W)) and the colour matrix has unit largest column norm', () => {
  const s = spectrumScale(8, 8);
  assert.equal(s[0], 8); // DC: the floor 1/8
  assert.ok(Math.abs(s[1]! - 8) < 1e-6); // f = 1/8
  assert.ok(Math.abs(s[4]! - 2) < 1e-6); // kx = 4: f = 1/2
  assert.ok(Math.abs(s[5 * 5 + 0]! - 8 / 3) < 1e-5); // ky = 5 → fy = −3/8
  assert.equal(s[8 * 5 + 3], s[3]); // the imaginary half has the same scale
  const m = colorMatrix();
  const norms = [0, 1, 2].map((k) => Math.hypot(m[0]![k]!, m[1]![k]!, m[2]![k]!));
  assert.ok(Math.abs(Math.max(...norms) - 1) < 1e-12);
});

/** pad with v, crop (n+2) at 1+shift, bilinear resize back (half-pixel), written out directly. */
function naiveJitter(img: number[], h: number, w: number, dy: number, dx: number, v: number): number[] {
  const ph = h + 2 * JITTER_PAD;
  const pw = w + 2 * JITTER_PAD;
  const padded = (y: number, x: number): number => {
    const yy = y - JITTER_PAD;
    const xx = x - JITTER_PAD;
    return yy >= 0 && yy < h && xx >= 0 && xx < w ? img[yy * w + xx]! : v;
  };
  assert.ok(ph > 0 && pw > 0);
  const src = (i: number, n: number): [number, number, number] => {
    const s = Math.max(0, ((i + 0.5) * (n + 2)) / n - 0.5);
    const i0 = Math.floor(s);
    return [i0, Math.min(i0 + 1, n + 1), s - i0];
  };
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    const [y0, y1, ly] = src(y, h);
    for (let x = 0; x < w; x++) {
      const [x0, x1, lx] = src(x, w);
      const at = (a: number, b: number): number => padded(1 + dy + a, 1 + dx + b);
      out.push((1 - ly) * ((1 - lx) * at(y0, x0) + lx * at(y0, x1)) + ly * ((1 - lx) * at(y1, x0) + lx * at(y1, x1)));
    }
  }
  return out;
}

test('jitter feeds reproduce pad → shifted crop → bilinear resize for every shift', () => {
  const h = 6;
  const w = 5;
  const img = Array.from({ length: h * w }, (_, i) => Math.cos(i * 0.9));
  for (const dy of [-1, 0, 1]) {
    for (const dx of [-1, 0, 1]) {
      const j = jitterFeeds(h, w, dy, dx, 0.5);
      const rows = j.rows.data as Float32Array;
      const colsT = j.colsT.data as Float32Array;
      const off = j.offset.data as Float32Array;
      const expected = naiveJitter(img, h, w, dy, dx, 0.5);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let s = off[y * w + x]!;
          for (let a = 0; a < h; a++) for (let b = 0; b < w; b++) s += rows[y * h + a]! * img[a * w + b]! * colsT[b * w + x]!;
          assert.ok(Math.abs(s - expected[y * w + x]!) < 1e-5, `shift ${dy},${dx} at ${y},${x}: ${s} vs ${expected[y * w + x]}`);
        }
      }
    }
  }
});

test('the render graph is sigmoid(colour mix of irfft2(scale ⊙ z′) ÷ 4), per image and channel (batch 2, 5×6)', async () => {
  const [h, w] = [5, 6];
  const wf = spectrumWidth(w);
  const per = 2 * h * wf;
  const z = Float32Array.from({ length: 2 * 3 * per }, (_, i) => Math.cos(i * 0.37 + 0.1));
  const session = await openSession(buildRenderModel('fourier-jitter', [h, w]), { threads: 1 });
  const got = (await session.run({ [GD_TENSORS.z]: f32([2, 3, 2 * h, wf], z) }))[GD_TENSORS.image01]!;
  assert.deepEqual(got.dims, [2, 3, h, w]);
  const scale = spectrumScale(h, w);
  const color = colorMatrix();
  for (let n = 0; n < 2; n++) {
    const planes = [0, 1, 2].map((ch) => naiveIrfft2(Array.from({ length: per }, (_, i) => z[(n * 3 + ch) * per + i]! * scale[i]!), h, w));
    for (let ch = 0; ch < 3; ch++) {
      for (let p = 0; p < h * w; p++) {
        const mixed = color[ch]![0]! * planes[0]![p]! + color[ch]![1]! * planes[1]![p]! + color[ch]![2]! * planes[2]![p]!;
        const want = 1 / (1 + Math.exp(-mixed));
        const have = (got.data as Float32Array)[(n * 3 + ch) * h * w + p]!;
        assert.ok(Math.abs(have - want) < 1e-5, `image ${n} channel ${ch} pixel ${p}: ${have} vs ${want}`);
      }
    }
  }
});
