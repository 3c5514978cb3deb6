import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {
  centerCrop,
  decodeImage,
  encodeGridPng,
  encodePng,
  imageGrid,
  loadImage,
  normalize,
  resizeBilinear,
  shorterSideSize,
  stackImages,
} from './image';
import { f32 } from '../onnx/tensor';
import { isGanLensError } from '../util/errors';

const rgbPixels = Buffer.from([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 255, 254, 253]); // 3×2 RGB

async function png(raw: Buffer, width: number, height: number, channels: 1 | 3 | 4): Promise<Buffer> {
  return sharp(raw, { raw: { width, height, channels } }).png().toBuffer();
}

test('decodes PNG to CHW float in [0, 1] (ToTensor); grayscale and alpha become RGB', async () => {
  const t = await decodeImage(await png(rgbPixels, 3, 2, 3));
  assert.deepEqual(t.dims, [3, 2, 3]);
  assert.equal(t.data[0], Math.fround(0 / 255));
  assert.equal(t.data[1], Math.fround(30 / 255)); // R of pixel (0, 1)
  assert.equal(t.data[6], Math.fround(10 / 255)); // G plane starts at 6
  assert.equal(t.data[17], Math.fround(253 / 255));
  const gray = await decodeImage(await png(Buffer.from([0, 128, 255, 7]), 2, 2, 1));
  assert.deepEqual(gray.dims, [3, 2, 2]);
  assert.deepEqual([...gray.data.subarray(0, 4)], [...gray.data.subarray(4, 8)]);
  assert.equal(gray.data[1], Math.fround(128 / 255));
  const rgba = await decodeImage(await png(Buffer.from([1, 2, 3, 0, 4, 5, 6, 255]), 2, 1, 4));
  assert.deepEqual(rgba.dims, [3, 1, 2]);
  assert.deepEqual([...rgba.data].map((v) => Math.round(v * 255)), [1, 4, 2, 5, 3, 6]);
});

test('decodes JPEG', async () => {
  const raw = Buffer.alloc(16 * 16 * 3, 200);
  const jpg = await sharp(raw, { raw: { width: 16, height: 16, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  const t = await decodeImage(jpg);
  assert.deepEqual(t.dims, [3, 16, 16]);
  assert.ok([...t.data].every((v) => Math.abs(v - 200 / 255) < 2 / 255));
});

test('bilinear resize follows align_corners=False', () => {
  const t = f32([1, 2, 2], [0, 1, 2, 3]);
  const up = resizeBilinear(t, 4, 4);
  assert.deepEqual([...up.data.subarray(0, 4)], [0, 0.25, 0.75, 1]);
  assert.deepEqual([...up.data.subarray(12, 16)], [2, 2.25, 2.75, 3]);
  const same = resizeBilinear(f32([1, 2, 3], [1, 2, 3, 4, 5, 6]), 2, 3);
  assert.deepEqual([...same.data], [1, 2, 3, 4, 5, 6]);
  const down = resizeBilinear(f32([1, 1, 4], [0, 1, 2, 3]), 1, 2); // samples at 0.5 and 2.5
  assert.deepEqual([...down.data], [0.5, 2.5]);
});

test('Resize(int) keeps the aspect ratio like torchvision; CenterCrop rounds like Python', () => {
  assert.deepEqual(shorterSideSize(480, 640, 256), [256, 341]);
  assert.deepEqual(shorterSideSize(640, 480, 256), [341, 256]);
  assert.deepEqual(shorterSideSize(100, 100, 64), [64, 64]);
  const t = f32([1, 5, 1], [0, 1, 2, 3, 4]);
  assert.deepEqual([...centerCrop(t, 2, 1).data], [2, 3]); // top = round(1.5) = 2
  const u = f32([1, 7, 1], [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...centerCrop(u, 2, 1).data], [2, 3]); // top = round(2.5) = 2
  const padded = centerCrop(f32([1, 1, 1], [9]), 3, 3);
  assert.deepEqual([...padded.data], [0, 0, 0, 0, 9, 0, 0, 0, 0]);
});

test('Normalize per channel; loadImage chains the transforms', async () => {
  const n = normalize(f32([2, 1, 2], [0.5, 1, 0, 0.25]), [0.5, 0], [0.5, 0.25]);
  assert.deepEqual([...n.data], [0, 1, 0, 1]);
  const raw = Buffer.alloc(8 * 12 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) % 256;
  const t = await loadImage(await png(raw, 12, 8, 3), { resize: 4, crop: [4, 4], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] });
  assert.deepEqual(t.dims, [3, 4, 4]);
  assert.ok([...t.data].every((v) => v >= -2 && v <= 2));
});

test('PNG encoding round-trips 8-bit values; grids lay images out with padding', async () => {
  const t = await decodeImage(await png(rgbPixels, 3, 2, 3));
  const back = await decodeImage(await encodePng(t));
  assert.deepEqual([...back.data], [...t.data]);
  const a = { ...f32([3, 4, 5]), dtype: 'float32' as const, data: new Float32Array(60).fill(1) };
  const grid = imageGrid([a, a, a], { cols: 2, padding: 2, padValue: 0.5 });
  assert.deepEqual(grid.dims, [3, 2 * 6 + 2, 2 * 7 + 2]);
  const at = (c: number, y: number, x: number): number => grid.data[(c * 14 + y) * 16 + x]!;
  assert.equal(at(0, 0, 0), 0.5);
  assert.equal(at(0, 2, 2), 1);
  assert.equal(at(2, 8, 9), 0.5); // third cell is empty padding
  assert.equal(at(1, 8, 2), 1);
  const meta = await sharp(await encodeGridPng([a, a, a], { cols: 3 })).metadata();
  assert.deepEqual([meta.width, meta.height], [3 * 7 + 2, 8]);
  assert.deepEqual(stackImages([a, a]).dims, [2, 3, 4, 5]);
});

test('undecodable files are bad input naming the file', async () => {
  await assert.rejects(decodeImage(Buffer.from('not an image at all'), 'cat.png'), (e: unknown) => isGanLensError(e) && e.kind === 'bad-input' && /cat\.png/.test(e.message));
  await assert.rejects(decodeImage('/nonexistent/cat.png'), (e: unknown) => isGanLensError(e) && /cat\.png/.test(e.message));
});
