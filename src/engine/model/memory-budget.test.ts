import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graph, model, node, valueInfo } from '../onnx/builder';
import { f32, tensorToProto } from '../onnx/tensor';
import { batchedInputs, graphMemory, jobPeakBytes, peakLiveBytes, planBatch, PROCESS_BASE_BYTES } from './memory-budget';
import { GanLensError } from '../util/errors';

const GB = 2 ** 30;

/** x [N,4,8,8] → a = Relu(x) → b = Relu(a) → c = Add(a, b) → y = Relu(c); 1 KB per 4×8×8 float tensor per sample. */
function chain() {
  return model(
    graph({
      name: 'chain',
      nodes: [
        node('Relu', ['x'], ['a'], {}, 'r1'),
        node('Relu', ['a'], ['b'], {}, 'r2'),
        node('Add', ['a', 'b'], ['c'], {}, 'add'),
        node('Relu', ['c'], ['y'], {}, 'r3'),
      ],
      inputs: [valueInfo('x', 'float32', ['N', 4, 8, 8])],
      outputs: [valueInfo('y', 'float32', ['N', 4, 8, 8])],
      initializers: [tensorToProto('unused', f32([256], new Float32Array(256)))],
    }),
  );
}

test('peak live bytes follow tensor lifetimes: x and a stay alive until their last consumer', () => {
  const g = chain().graph!;
  assert.deepEqual(batchedInputs(g), ['x']);
  // r1: x, a (2 KB); r2: a, b (2 KB); add: a, b, c (3 KB); r3: c, y (2 KB).
  assert.equal(peakLiveBytes(g), 3 * 1024);
  const m = graphMemory(chain());
  assert.equal(m.weightBytes, 1024);
  assert.ok(m.perSampleBytes >= 3 * 1024, `per sample ${m.perSampleBytes}`);
});

test('shapes static inference cannot see are taken from the probed (known) shapes', () => {
  // A custom-domain op leaves its output unknown to static inference.
  const m = model(
    graph({
      name: 'custom',
      nodes: [node('Mystery', ['x'], ['big'], {}, 'm', 'com.example'), node('ReduceMean', ['big'], ['y'], { keepdims: 0 }, 'mean')],
      inputs: [valueInfo('x', 'float32', ['N', 4])],
      outputs: [valueInfo('y', 'float32', [])],
      initializers: [],
    }),
  );
  const blind = peakLiveBytes(m.graph!);
  const seen = peakLiveBytes(m.graph!, new Map([['big', { shape: [1, 1000, 1000], dtype: 'float32' as const }]]));
  assert.ok(blind < 1000, `without the probe: ${blind}`);
  assert.ok(seen >= 4_000_000, `with the probe: ${seen}`);
});

test('the batch is the largest that fits; weights of every open graph count, only the running graph’s activations', () => {
  const graphs = [
    { weightBytes: 0.1 * GB, fixedBytes: 0, perSampleBytes: 0.5 * GB },
    { weightBytes: 0.1 * GB, fixedBytes: 0, perSampleBytes: 0.05 * GB },
  ];
  const job = { what: 'Test job', graphs, hostPerSampleBytes: 0.01 * GB };
  assert.ok(Math.abs(jobPeakBytes(job, 2) - (PROCESS_BASE_BYTES + 0.2 * GB + 1.0 * GB + 0.02 * GB)) < 1);
  const plan = planBatch(job, 8, 4);
  // 0.35 + 0.2 + b·0.51 ≤ 4 → b = 6
  assert.equal(plan.batch, 6);
  assert.ok(plan.estimateBytes <= plan.budgetBytes);
  assert.equal(planBatch(job, 3, 4).batch, 3, 'never more than wanted');
  assert.equal(planBatch(job, 8, 64).batch, 8);
});

test('a job that cannot fit one sample is refused before it runs, with the numbers and the flag to change', () => {
  const job = { what: 'Stitch training layer2 → b32', graphs: [{ weightBytes: 0.5 * GB, fixedBytes: 0, perSampleBytes: 2 * GB }] };
  assert.throws(
    () => planBatch(job, 8, 1.5),
    (e: unknown) =>
      e instanceof GanLensError &&
      e.kind === 'bad-input' &&
      /Stitch training layer2 → b32 needs about 2\.85 GB at one sample per run \(weights 0\.50 GB\), more than the memory budget of 1\.50 GB/.test(e.message) &&
      /--memory-gb/.test(e.message) &&
      /at least 2\.9/.test(e.message),
  );
});

test('a tensor nobody could size counts as large as its largest input, never as nothing (gradient graphs)', () => {
  // A custom-domain op's output is unknown to static inference and absent from the probed shapes (as backward
  // tensors are); the Relu after it inherits the unknown shape.
  const g = graph({
    name: 'unknown',
    nodes: [node('Opaque', ['x'], ['u'], {}, 'opaque', 'custom.domain'), node('Relu', ['u'], ['y'], {}, 'r')],
    inputs: [valueInfo('x', 'float32', ['N', 4, 8, 8])],
    outputs: [valueInfo('y', 'float32')],
  });
  // opaque: x, u (2 KB); r: u, y (2 KB). Counting u and y as 0 would give 1 KB.
  assert.equal(peakLiveBytes(g), 2 * 1024);
});
