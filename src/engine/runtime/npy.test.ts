import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeNpy, encodeNpy, readNpy, writeNpy } from './npy';
import { f32, i64, hostTensor } from '../onnx/tensor';
import { isGanLensError } from '../util/errors';

/** Bytes as numpy 1.24 writes them for np.save(f, np.arange(6, dtype=dtype).reshape(2, 3)). */
function numpyBytes(descr: string, data: Uint8Array, shape = '(2, 3)', fortran = 'False', version = 1): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
  const pre = version === 1 ? 10 : 12;
  header += ' '.repeat((64 - ((pre + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(pre + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  out.set(data, pre + header.length);
  return out;
}

const bytesOf = (a: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

test('reads float32, float64 and int64 as numpy writes them (format 1.0 and 2.0)', () => {
  const f = decodeNpy(numpyBytes('<f4', bytesOf(new Float32Array([0, 1, 2, 3, 4, 5.5]))));
  assert.deepEqual([f.dtype, f.dims, [...f.data]], ['float32', [2, 3], [0, 1, 2, 3, 4, 5.5]]);
  const d = decodeNpy(numpyBytes('<f8', bytesOf(new Float64Array([0, 1, 2, 3, 4, 1e-300])), '(2, 3)', 'False', 2));
  assert.deepEqual([d.dtype, [...d.data]], ['float64', [0, 1, 2, 3, 4, 1e-300]]);
  const l = decodeNpy(numpyBytes('<i8', bytesOf(new BigInt64Array([0n, 1n, -2n, 3n, 4n, 2n ** 60n]))));
  assert.deepEqual([l.dtype, [...l.data]], ['int64', [0n, 1n, -2n, 3n, 4n, 2n ** 60n]]);
  const scalar = decodeNpy(numpyBytes('<f4', bytesOf(new Float32Array([7])), '()'));
  assert.deepEqual([scalar.dims, [...scalar.data]], [[], [7]]);
  const vec = decodeNpy(numpyBytes('<f4', bytesOf(new Float32Array([7, 8])), '(2,)'));
  assert.deepEqual(vec.dims, [2]);
});

test('write then read round-trips every supported dtype, headers 64-byte aligned', () => {
  const dir = mkdtempSync(join(tmpdir(), 'npy-'));
  for (const t of [f32([1, 3, 2], [1, 2, 3, 4, 5, 6]), i64([4], [1, -2, 3, -4]), hostTensor('float64', [2], new Float64Array([Math.PI, -0])), hostTensor('uint8', [3], new Uint8Array([0, 128, 255]))]) {
    const bytes = encodeNpy(t);
    const headerLen = new DataView(bytes.buffer).getUint16(8, true);
    assert.equal((10 + headerLen) % 64, 0);
    const path = join(dir, `${t.dtype}.npy`);
    writeNpy(path, t);
    const back = readNpy(path);
    assert.deepEqual([back.dtype, back.dims], [t.dtype, t.dims]);
    assert.ok(Buffer.from(bytesOf(back.data)).equals(Buffer.from(bytesOf(t.data))));
  }
});

function badNpy(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => decodeNpy(bytes, 'x.npy'), (e: unknown) => isGanLensError(e) && e.kind === 'bad-input' && pattern.test(e.message) && /x\.npy/.test(e.message));
}

test('clear errors for Fortran order, big-endian, unsupported dtypes, truncation and non-npy files', () => {
  const data = bytesOf(new Float32Array(6));
  badNpy(numpyBytes('<f4', data, '(2, 3)', 'True'), /Fortran order/);
  badNpy(numpyBytes('>f4', data), /big-endian/);
  badNpy(numpyBytes('<c8', data), /'<c8' is not supported/);
  badNpy(numpyBytes('<U5', data), /not supported/);
  badNpy(numpyBytes('<f4', data.subarray(0, 20)), /truncated.*\[2, 3\].*24 bytes.*has 20/);
  badNpy(numpyBytes('<f4', data).subarray(0, 40), /header is truncated/);
  badNpy(new TextEncoder().encode('PK\u0003\u0004 this is a zip'), /magic/);
  badNpy(new Uint8Array(0), /magic/);
  badNpy(numpyBytes('<f4', data, '(2, -3)'), /shape/);
  const dir = mkdtempSync(join(tmpdir(), 'npy-'));
  assert.throws(() => readNpy(join(dir, 'missing.npy')), (e: unknown) => isGanLensError(e) && /does not exist/.test(e.message));
  writeFileSync(join(dir, 'text.npy'), 'hello');
  assert.throws(() => readNpy(join(dir, 'text.npy')), (e: unknown) => isGanLensError(e) && /text\.npy/.test(e.message));
});
