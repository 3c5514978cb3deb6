/**
 * NumPy .npy files (format 1.0–3.0), little-endian, C order: how tensors travel between GAN Lens and Python.
 * float32, float64, int64 (and int32, int8, uint8, bool) are read; the same are written as format 1.0.
 */
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { HostTensor } from '../onnx/tensor';
import { numel } from '../onnx/tensor';
import { dtypeInfo, type NumericDType } from '../onnx/dtype';
import { badInput, formatShape } from '../util/errors';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR_TO_DTYPE: Record<string, NumericDType> = {
  '<f4': 'float32',
  '<f8': 'float64',
  '<i8': 'int64',
  '<i4': 'int32',
  '|i1': 'int8',
  '|u1': 'uint8',
  '|b1': 'bool',
  '<f2': 'float16',
};
const DTYPE_TO_DESCR = Object.fromEntries(Object.entries(DESCR_TO_DTYPE).map(([k, v]) => [v, k])) as Record<NumericDType, string>;

const HINT = 'Save it with numpy: np.save(path, np.ascontiguousarray(x, dtype="<f4")).';

/** Decodes .npy bytes; `source` names the file in errors. */
export function decodeNpy(bytes: Uint8Array, source = '<buffer>'): HostTensor {
  const fail = (what: string, hint = HINT): Error => badInput(`${source} is not a usable .npy file: ${what}.`, { file: source, hint });
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw fail('it does not start with the .npy magic bytes');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw fail('the header is truncated');
    headerLen = view.getUint32(8, true);
    start = 12;
  } else throw fail(`format version ${major}.${bytes[7]} is unknown`);
  if (start + headerLen > bytes.length) throw fail('the header is truncated');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw fail(`its header cannot be read (${header.trim().slice(0, 120)})`);
  if (fortran === 'True') throw fail('it is stored in Fortran order', 'Save a C-ordered copy: np.save(path, np.ascontiguousarray(x)).');
  if (descr.startsWith('>')) throw fail(`it is big-endian (${descr})`, 'Save a little-endian copy: np.save(path, x.astype(x.dtype.newbyteorder("<"))).');
  const normalized = descr === '=f4' ? '<f4' : descr === '=f8' ? '<f8' : descr === '=i8' ? '<i8' : descr === '=i4' ? '<i4' : descr;
  const dtype = DESCR_TO_DTYPE[normalized];
  if (!dtype) throw fail(`its element type '${descr}' is not supported (float32, float64, int64, int32, int8, uint8, bool)`, 'Convert it: np.save(path, x.astype(np.float32)).');
  const dims = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw fail(`its shape (${shapeText}) is not a tuple of sizes`);
  const n = numel(dims);
  const info = dtypeInfo(dtype);
  const dataStart = start + headerLen;
  const expected = n * info.bytes;
  if (bytes.length - dataStart < expected) {
    throw badInput(`${source} is truncated: shape ${formatShape(dims)} (${dtype}) needs ${expected} bytes of data but the file has ${bytes.length - dataStart}.`, {
      file: source,
      shape: dims,
      hint: 'Write the file again; it was cut off.',
    });
  }
  // Copy into an aligned buffer: the data offset need not be a multiple of the element size.
  const copy = new Uint8Array(expected);
  copy.set(bytes.subarray(dataStart, dataStart + expected));
  return { dtype, dims, data: info.view(copy.buffer, 0, n) };
}

export function readNpy(path: string): HostTensor {
  const file = resolve(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw badInput(code === 'ENOENT' ? `${file} does not exist.` : `${file} cannot be read (${code ?? 'error'}).`, { file, hint: 'Check the path.' });
  }
  return decodeNpy(bytes, file);
}

/** Encodes a tensor as .npy (format 1.0). */
export function encodeNpy(t: HostTensor): Uint8Array {
  const descr = DTYPE_TO_DESCR[t.dtype];
  const shape = t.dims.length === 1 ? `(${t.dims[0]},)` : `(${t.dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new TextEncoder().encode(header);
  const data = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const out = new Uint8Array(10 + head.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, head.length, true);
  out.set(head, 10);
  out.set(data, 10 + head.length);
  return out;
}

/** Writes atomically (temp file, then rename). */
export function writeNpy(path: string, t: HostTensor): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, encodeNpy(t));
  renameSync(tmp, file);
}
