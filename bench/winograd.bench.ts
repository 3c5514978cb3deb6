/**
 * Can fewer FLOPs make ResNet50's 3×3 convolutions faster on this CPU? Times onnxruntime's Conv (the reference)
 * against Winograd F(2×2, 3×3) and F(4×4, 3×3) written as ONNX ops (strided Slice gather, input transform as a
 * MatMul, the 16 or 36 per-position products as one grouped 1×1 Conv, output transform as a MatMul,
 * DepthToSpace), at the four ResNet50 stage shapes, batch 8. Winograd does 2.25× / 4× fewer multiplications than
 * the direct convolution; the question is whether its transforms, as graph ops, cost less than that saves.
 * Prints ms per conv, the direct conv's GFLOP/s and the Winograd / direct time ratio (< 1: Winograd wins).
 *   node --import tsx bench/winograd.bench.ts [--reps 20] [--threads 2]
 */
import { parseArgs } from 'node:util';
import { graph, model, node, valueInfo } from '../src/engine/onnx/builder';
import { f32, i64, tensorToProto, type HostTensor } from '../src/engine/onnx/tensor';
import { openSession } from '../src/engine/runtime/session';
import { SeededRandom } from '../src/engine/util/random';
import type { NodeProto, TensorProto } from '../src/engine/onnx/gen/onnx_pb';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '20' }, threads: { type: 'string', default: '2' } } });
const REPS = Number(values.reps);
const THREADS = Number(values.threads);
const BATCH = 8;

/** Winograd F(m, 3) transform matrices (Lavin & Gray): input Bᵀ (a×a), filter G (a×3), output Aᵀ (m×a), a = m + 2. */
const F2 = {
  m: 2,
  bt: [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]],
  g: [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]],
  at: [[1, 1, 1, 0], [0, 1, -1, -1]],
};
const F4 = {
  m: 4,
  bt: [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0], [0, 2, -1, -2, 1, 0], [0, 4, 0, -5, 0, 1]],
  g: [[1 / 4, 0, 0], [-1 / 6, -1 / 6, -1 / 6], [-1 / 6, 1 / 6, -1 / 6], [1 / 24, 1 / 12, 1 / 6], [1 / 24, -1 / 12, 1 / 6], [0, 0, 1]],
  at: [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 0], [0, 1, 1, 4, 4, 0], [0, 1, -1, 8, -8, 1]],
};
type Variant = typeof F2;

function kron(a: number[][], b: number[][]): number[] {
  const out: number[] = [];
  for (const ra of a) for (const rb of b) for (const va of ra) for (const vb of rb) out.push(va * vb);
  return out;
}

/** n values uniform in [−scale/2, scale/2), seeded. */
function uniform(n: number, seed: number, scale: number): Float32Array {
  const r = new SeededRandom(seed);
  return Float32Array.from({ length: n }, () => (r.next() - 0.5) * scale);
}

/** U[k, l, o, i] = Σ_ab G[k, a] w[o, i, a, b] G[l, b], laid out as grouped-conv weights [(k·a + l)·Co + o, i, 1, 1]. */
function filterTransform(v: Variant, w: Float32Array, co: number, c: number): Float32Array {
  const a = v.m + 2;
  const u = new Float32Array(a * a * co * c);
  for (let k = 0; k < a; k++)
    for (let l = 0; l < a; l++)
      for (let o = 0; o < co; o++)
        for (let i = 0; i < c; i++) {
          let sum = 0;
          for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) sum += v.g[k]![p]! * w[((o * c + i) * 3 + p) * 3 + q]! * v.g[l]![q]!;
          u[((k * a + l) * co + o) * c + i] = sum;
        }
  return u;
}

function directModel(c: number, h: number, w: Float32Array) {
  return model(
    graph({
      nodes: [node('Conv', ['x', 'w'], ['y'], { pads: [1, 1, 1, 1] })],
      inputs: [valueInfo('x', 'float32', [BATCH, c, h, h])],
      outputs: [valueInfo('y', 'float32', [BATCH, c, h, h])],
      initializers: [tensorToProto('w', f32([c, c, 3, 3], w))],
    }),
  );
}

function winogradModel(v: Variant, c: number, h: number, w: Float32Array) {
  const { m } = v;
  const a = m + 2;
  const tiles = Math.ceil(h / m);
  const hp = tiles * m;
  const t = tiles * tiles;
  const nodes: NodeProto[] = [];
  const inits: TensorProto[] = [
    tensorToProto('pads', i64([8], [0, 0, 1, 1, 0, 0, 1 + hp - h, 1 + hp - h])),
    tensorToProto('axes', i64([2], [2, 3])),
    tensorToProto('steps', i64([2], [m, m])),
    tensorToProto('one', i64([1], [1])),
  ];
  nodes.push(node('Pad', ['x', 'pads'], ['xp']));
  const gathered: string[] = [];
  for (let i = 0; i < a; i++)
    for (let j = 0; j < a; j++) {
      inits.push(tensorToProto(`s${i}_${j}`, i64([2], [i, j])), tensorToProto(`e${i}_${j}`, i64([2], [i + m * (tiles - 1) + 1, j + m * (tiles - 1) + 1])));
      nodes.push(node('Slice', ['xp', `s${i}_${j}`, `e${i}_${j}`, 'axes', 'steps'], [`v${i}_${j}`]));
      nodes.push(node('Unsqueeze', [`v${i}_${j}`, 'one'], [`u${i}_${j}`]));
      gathered.push(`u${i}_${j}`);
    }
  inits.push(
    tensorToProto('flat_in', i64([3], [BATCH, a * a, c * t])),
    tensorToProto('bk', f32([a * a, a * a], kron(v.bt, v.bt))),
    tensorToProto('as_channels', i64([4], [BATCH, a * a * c, tiles, tiles])),
    tensorToProto('u', f32([a * a * c, c, 1, 1], filterTransform(v, w, c, c))),
    tensorToProto('flat_out', i64([3], [BATCH, a * a, c * t])),
    tensorToProto('ak', f32([m * m, a * a], kron(v.at, v.at))),
    tensorToProto('blocks', i64([4], [BATCH, m * m * c, tiles, tiles])),
  );
  nodes.push(
    node('Concat', gathered, ['patches'], { axis: 1 }),
    node('Reshape', ['patches', 'flat_in'], ['patches_flat']),
    node('MatMul', ['bk', 'patches_flat'], ['vt']),
    node('Reshape', ['vt', 'as_channels'], ['vt_ch']),
    node('Conv', ['vt_ch', 'u'], ['products'], { group: a * a }),
    node('Reshape', ['products', 'flat_out'], ['products_flat']),
    node('MatMul', ['ak', 'products_flat'], ['out_flat']),
    node('Reshape', ['out_flat', 'blocks'], ['out_blocks']),
    node('DepthToSpace', ['out_blocks'], [hp === h ? 'y' : 'y_padded'], { blocksize: m, mode: 'DCR' }),
  );
  if (hp !== h) {
    inits.push(tensorToProto('crop_start', i64([2], [0, 0])), tensorToProto('crop_end', i64([2], [h, h])));
    nodes.push(node('Slice', ['y_padded', 'crop_start', 'crop_end', 'axes'], ['y']));
  }
  return model(
    graph({
      nodes,
      inputs: [valueInfo('x', 'float32', [BATCH, c, h, h])],
      outputs: [valueInfo('y', 'float32', [BATCH, c, h, h])],
      initializers: inits,
    }),
  );
}

async function timeModel(m: ReturnType<typeof model>, x: HostTensor): Promise<{ ms: number; y: Float32Array }> {
  const s = await openSession(m, { threads: THREADS });
  let y = (await s.run({ x }))['y']!;
  for (let i = 0; i < 2; i++) y = (await s.run({ x }))['y']!;
  const t0 = performance.now();
  for (let i = 0; i < REPS; i++) y = (await s.run({ x }))['y']!;
  const ms = (performance.now() - t0) / REPS;
  await s.release();
  return { ms, y: y.data as Float32Array };
}

function maxRelError(ref: Float32Array, y: Float32Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    err = Math.max(err, Math.abs(ref[i]! - y[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  return err / scale;
}

const STAGES: [string, number, number][] = [
  ['layer1', 64, 56],
  ['layer2', 128, 28],
  ['layer3', 256, 14],
  ['layer4', 512, 7],
];

async function main(): Promise<void> {
  console.log(`3×3 conv, stride 1, batch ${BATCH}, ${THREADS} threads, mean of ${REPS} runs`);
  console.log('stage  | channels | size | direct ms | direct GFLOP/s | F(2,3) ms | ratio | rel err | F(4,3) ms | ratio | rel err');
  for (const [stage, c, h] of STAGES) {
    const w = uniform(c * c * 9, c + h, 0.1);
    const x = f32([BATCH, c, h, h], uniform(BATCH * c * h * h, 7, 2));
    const direct = await timeModel(directModel(c, h, w), x);
    const gflops = (2 * BATCH * h * h * c * c * 9) / 1e9;
    const cells: string[] = [stage, String(c), `${h}²`, direct.ms.toFixed(2), (gflops / (direct.ms / 1000)).toFixed(0)];
    for (const v of [F2, F4]) {
      const r = await timeModel(winogradModel(v, c, h, w), x);
      cells.push(r.ms.toFixed(2), `${(r.ms / direct.ms).toFixed(2)}×`, maxRelError(direct.y, r.y).toExponential(1));
    }
    console.log(cells.join(' | '));
  }
}

void main();
