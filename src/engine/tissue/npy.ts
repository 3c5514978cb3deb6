/** Minimal NumPy .npy (format 1.0) writer for uint8 arrays: header, then C-order bytes. */
import { closeSync, openSync, writeSync } from 'node:fs';

function npyHeader(shape: readonly number[], descr = '|u1'): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + header length (2) + dict + '\n' must be a multiple of 64.
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  out[8] = dict.length & 0xff;
  out[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

/** Streams a uint8 .npy file: open with its final shape, append chunks in C order, close. */
export class NpyU8Writer {
  private fd: number;
  private written = 0;
  private readonly expected: number;

  constructor(readonly path: string, readonly shape: readonly number[]) {
    this.expected = shape.reduce((a, b) => a * b, 1);
    this.fd = openSync(path, 'w');
    writeSync(this.fd, npyHeader(shape));
  }

  append(bytes: Uint8Array): void {
    writeSync(this.fd, bytes);
    this.written += bytes.length;
  }

  close(): void {
    closeSync(this.fd);
    if (this.written !== this.expected) {
      throw new Error(`${this.path}: wrote ${this.written} bytes for shape (${this.shape.join(', ')}), expected ${this.expected}.`);
    }
  }
}
