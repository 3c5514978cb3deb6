/**
 * Images in and out. Decoding/encoding goes through sharp; the transforms are computed here on float data so that they
 * match torchvision's tensor path exactly: ToTensor, Resize (bilinear, antialias off, as
 * F.interpolate(mode='bilinear', align_corners=False)), CenterCrop, Normalize. Images are CHW float32 HostTensors.
 */
import sharp from 'sharp';
import type { HostTensor } from '../onnx/tensor';
import { badInput, errorMessage, formatShape } from '../util/errors';

/** ImageNet statistics, as torchvision's classifiers expect. */
export const IMAGENET_MEAN: readonly [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: readonly [number, number, number] = [0.229, 0.224, 0.225];

const fr = Math.fround;

/** A [C, H, W] float32 image. */
export interface ImageTensor extends HostTensor {
  dtype: 'float32';
  data: Float32Array;
}

function chw(t: HostTensor, what: string): [number, number, number] {
  if (t.dims.length !== 3 || !(t.data instanceof Float32Array)) {
    throw badInput(`${what} needs a float32 image of shape [C, H, W], got ${t.dtype} ${formatShape(t.dims)}.`, { shape: t.dims });
  }
  return t.dims as [number, number, number];
}

function image(c: number, h: number, w: number, data?: Float32Array): ImageTensor {
  return { dtype: 'float32', dims: [c, h, w], data: data ?? new Float32Array(c * h * w) };
}

/** Decodes PNG/JPEG/WebP/... to RGB and applies ToTensor: [3, H, W] float32 in [0, 1]. */
export async function decodeImage(input: string | Uint8Array, source = typeof input === 'string' ? input : '<buffer>'): Promise<ImageTensor> {
  const raw = await sharp(input)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((e: unknown) => {
      throw badInput(`${source} cannot be decoded as an image: ${errorMessage(e)}.`, { file: source, hint: 'Use a PNG or JPEG file.' });
    });
  const { width: w, height: h, channels } = raw.info;
  const out = image(3, h, w);
  const plane = h * w;
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out.data[c * plane + i] = fr(raw.data[i * channels + Math.min(c, channels - 1)]! / 255);
  }
  return out;
}

/**
 * Bilinear resize of a [C, H, W] image to [C, outH, outW], identical in float32 to torch's
 * F.interpolate(x, size, mode='bilinear', align_corners=False, antialias=False).
 */
export function resizeBilinear(t: HostTensor, outH: number, outW: number): ImageTensor {
  const [c, h, w] = chw(t, 'Resize');
  if (!(outH > 0 && outW > 0 && Number.isInteger(outH) && Number.isInteger(outW))) throw badInput(`Resize to ${outH}×${outW} is not a valid size.`);
  const src = t.data as Float32Array;
  const out = image(c, outH, outW);
  const ys = axisWeights(h, outH);
  const xs = axisWeights(w, outW);
  for (let ch = 0; ch < c; ch++) {
    const base = ch * h * w;
    const obase = ch * outH * outW;
    for (let oy = 0; oy < outH; oy++) {
      const r0 = base + ys.i0[oy]! * w;
      const r1 = base + ys.i1[oy]! * w;
      const a0 = ys.l0[oy]!;
      const a1 = ys.l1[oy]!;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = xs.i0[ox]!;
        const x1 = xs.i1[ox]!;
        const b0 = xs.l0[ox]!;
        const b1 = xs.l1[ox]!;
        // torch: h0lambda * (w0lambda * p00 + w1lambda * p01) + h1lambda * (w0lambda * p10 + w1lambda * p11), in float
        const top = fr(fr(b0 * src[r0 + x0]!) + fr(b1 * src[r0 + x1]!));
        const bottom = fr(fr(b0 * src[r1 + x0]!) + fr(b1 * src[r1 + x1]!));
        out.data[obase + oy * outW + ox] = fr(fr(a0 * top) + fr(a1 * bottom));
      }
    }
  }
  return out;
}

interface AxisWeights {
  i0: Int32Array;
  i1: Int32Array;
  l0: Float32Array;
  l1: Float32Array;
}

/**
 * torch's area_pixel_compute_source_index for align_corners=False: the scale is a float32, the source position is
 * computed in double (measured against torch 1.13: this reproduces F.interpolate to 1–2 ulp).
 */
function axisWeights(inSize: number, outSize: number): AxisWeights {
  const scale = fr(inSize / outSize);
  const w: AxisWeights = { i0: new Int32Array(outSize), i1: new Int32Array(outSize), l0: new Float32Array(outSize), l1: new Float32Array(outSize) };
  for (let o = 0; o < outSize; o++) {
    const s = Math.max(0, scale * (o + 0.5) - 0.5);
    const i0 = Math.floor(s);
    const l1 = s - i0;
    w.i0[o] = i0;
    w.i1[o] = i0 + (i0 < inSize - 1 ? 1 : 0);
    w.l1[o] = fr(l1);
    w.l0[o] = fr(1 - l1);
  }
  return w;
}

/** torchvision Resize(size) with an int: the shorter side becomes `size`, the longer keeps the aspect ratio. */
export function resizeShorterSide(t: HostTensor, size: number): ImageTensor {
  const [, h, w] = chw(t, 'Resize');
  const [outH, outW] = shorterSideSize(h, w, size);
  return resizeBilinear(t, outH, outW);
}

export function shorterSideSize(h: number, w: number, size: number): [number, number] {
  // torchvision: new_long = int(size * long / short), truncated
  if (w <= h) return [Math.trunc((size * h) / w), size];
  return [size, Math.trunc((size * w) / h)];
}

/** Python's round(): halves go to the even neighbour (torchvision's CenterCrop uses it). */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torchvision CenterCrop: pads with zeros when the crop is larger than the image. */
export function centerCrop(t: HostTensor, cropH: number, cropW: number): ImageTensor {
  const [c, h, w] = chw(t, 'CenterCrop');
  const top = pyRound((h - cropH) / 2);
  const left = pyRound((w - cropW) / 2);
  const src = t.data as Float32Array;
  const out = image(c, cropH, cropW);
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0; y < cropH; y++) {
      const sy = y + top;
      if (sy < 0 || sy >= h) continue;
      for (let x = 0; x < cropW; x++) {
        const sx = x + left;
        if (sx >= 0 && sx < w) out.data[(ch * cropH + y) * cropW + x] = src[(ch * h + sy) * w + sx]!;
      }
    }
  }
  return out;
}

/** torchvision Normalize: (x - mean) / std per channel, in float32. */
export function normalize(t: HostTensor, mean: readonly number[], std: readonly number[]): ImageTensor {
  const [c, h, w] = chw(t, 'Normalize');
  if (mean.length !== c || std.length !== c) throw badInput(`Normalize needs ${c} means and stds, got ${mean.length} and ${std.length}.`);
  if (std.some((s) => s === 0)) throw badInput('Normalize: a standard deviation is 0.');
  const src = t.data as Float32Array;
  const out = image(c, h, w);
  const plane = h * w;
  for (let ch = 0; ch < c; ch++) {
    const m = fr(mean[ch]!);
    const s = fr(std[ch]!);
    for (let i = ch * plane; i < (ch + 1) * plane; i++) out.data[i] = fr(fr(src[i]! - m) / s);
  }
  return out;
}

export interface Preprocess {
  /** Shorter side after Resize (torchvision Resize(int)); omitted: no resize. */
  resize?: number;
  /** CenterCrop size [H, W]; omitted: no crop. */
  crop?: [number, number];
  mean?: readonly number[];
  std?: readonly number[];
}

/** decode → Resize → CenterCrop → Normalize, as torchvision's usual eval transform. */
export async function loadImage(input: string | Uint8Array, p: Preprocess = {}): Promise<ImageTensor> {
  let t: ImageTensor = await decodeImage(input);
  if (p.resize) t = resizeShorterSide(t, p.resize);
  if (p.crop) t = centerCrop(t, p.crop[0], p.crop[1]);
  if (p.mean || p.std) t = normalize(t, p.mean ?? [0, 0, 0], p.std ?? [1, 1, 1]);
  return t;
}

/** Stacks [C, H, W] images into a [N, C, H, W] batch. */
export function stackImages(images: readonly HostTensor[]): HostTensor {
  if (images.length === 0) throw badInput('No images to stack.');
  const [c, h, w] = chw(images[0]!, 'Batch');
  const out = new Float32Array(images.length * c * h * w);
  images.forEach((im, i) => {
    const d = chw(im, 'Batch');
    if (d[0] !== c || d[1] !== h || d[2] !== w) throw badInput(`Image ${i} is ${formatShape(d)}, the first is ${formatShape([c, h, w])}; resize them to one size.`, { shape: d });
    out.set(im.data as Float32Array, i * c * h * w);
  });
  return { dtype: 'float32', dims: [images.length, c, h, w], data: out };
}

/** The i-th image of a [N, C, H, W] batch, as [C, H, W] (a view). */
export function unstackImage(batch: HostTensor, i: number): ImageTensor {
  const [, c, h, w] = batch.dims as [number, number, number, number];
  const n = c * h * w;
  return image(c, h, w, (batch.data as Float32Array).subarray(i * n, (i + 1) * n));
}

/** torchvision save_image's quantisation: x * 255 + 0.5, clamped to [0, 255], truncated. */
function toBytes(t: HostTensor): { data: Buffer; channels: 1 | 3 | 4; h: number; w: number } {
  const [c, h, w] = chw(t, 'PNG encoding');
  if (c !== 1 && c !== 3 && c !== 4) throw badInput(`PNG encoding needs 1, 3 or 4 channels, got ${c}.`, { shape: t.dims });
  const src = t.data as Float32Array;
  const data = Buffer.alloc(c * h * w);
  const plane = h * w;
  for (let i = 0; i < plane; i++) {
    for (let ch = 0; ch < c; ch++) {
      const v = src[ch * plane + i]! * 255 + 0.5;
      data[i * c + ch] = v >= 255 ? 255 : v > 0 ? Math.trunc(v) : 0; // NaN → 0
    }
  }
  return { data, channels: c as 1 | 3 | 4, h, w };
}

/** Encodes a [C, H, W] image with values in [0, 1] as PNG. */
export async function encodePng(t: HostTensor): Promise<Buffer> {
  const { data, channels, h, w } = toBytes(t);
  return sharp(data, { raw: { width: w, height: h, channels } }).png().toBuffer();
}

export interface GridOptions {
  /** Images per row (default: all in one row). */
  cols?: number;
  /** Pixels between and around images (default 2, as torchvision's make_grid). */
  padding?: number;
  /** Value of the padding, in [0, 1] (default 0). */
  padValue?: number;
}

/** Lays [C, H, W] images (same size) out in rows × cols, as torchvision's make_grid. */
export function imageGrid(images: readonly HostTensor[], options: GridOptions = {}): ImageTensor {
  if (images.length === 0) throw badInput('An image grid needs at least one image.');
  const [c, h, w] = chw(images[0]!, 'Image grid');
  const cols = Math.max(1, Math.min(options.cols ?? images.length, images.length));
  const rows = Math.ceil(images.length / cols);
  const pad = options.padding ?? 2;
  const gh = rows * (h + pad) + pad;
  const gw = cols * (w + pad) + pad;
  const out = image(c, gh, gw);
  out.data.fill(options.padValue ?? 0);
  images.forEach((im, k) => {
    const d = chw(im, 'Image grid');
    if (d[0] !== c || d[1] !== h || d[2] !== w) throw badInput(`Grid image ${k} is ${formatShape(d)}, the first is ${formatShape([c, h, w])}.`, { shape: d });
    const top = pad + Math.floor(k / cols) * (h + pad);
    const left = pad + (k % cols) * (w + pad);
    const src = im.data as Float32Array;
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        const s = (ch * h + y) * w;
        out.data.set(src.subarray(s, s + w), (ch * gh + top + y) * gw + left);
      }
    }
  });
  return out;
}

/** Encodes a grid of images as PNG. */
export async function encodeGridPng(images: readonly HostTensor[], options: GridOptions = {}): Promise<Buffer> {
  return encodePng(imageGrid(images, options));
}
