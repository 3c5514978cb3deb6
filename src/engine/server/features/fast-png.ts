/**
 * PNG encoding for images that only travel to a webview: zlib level 1 without adaptive filtering (several times
 * faster than the default level 6 at 128², a little larger). Same quantisation as runtime/image.ts encodePng.
 */
import sharp from 'sharp';
import type { HostTensor } from '../../onnx/tensor';

export async function fastPngBase64(batch: HostTensor, i: number): Promise<string> {
  const [, c, h, w] = batch.dims as [number, number, number, number];
  const plane = h * w;
  const src = (batch.data as Float32Array).subarray(i * c * plane, (i + 1) * c * plane);
  const data = Buffer.alloc(c * plane);
  for (let p = 0; p < plane; p++) {
    for (let ch = 0; ch < c; ch++) {
      const v = src[ch * plane + p]! * 255 + 0.5;
      data[p * c + ch] = v >= 255 ? 255 : v > 0 ? Math.trunc(v) : 0;
    }
  }
  const png = await sharp(data, { raw: { width: w, height: h, channels: c as 1 | 3 | 4 } }).png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
  return png.toString('base64');
}
