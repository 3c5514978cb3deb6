/** The gradient of loss = Σ op(x) with respect to x, for one unary op on given values (exact-value tests). */
import { buildGradient } from '../builder';
import { graph, model, node, valueInfo } from '../../onnx/builder';
import { openSession } from '../../runtime/session';
import type { HostTensor } from '../../onnx/tensor';

export async function unaryGradient(op: string, x: HostTensor): Promise<number[]> {
  const fwd = model(
    graph({
      name: `${op}-grad`,
      nodes: [node(op, ['x'], ['y']), node('ReduceSum', ['y'], ['loss'], { keepdims: 0 })],
      inputs: [valueInfo('x', x.dtype, x.dims)],
      outputs: [valueInfo('loss', x.dtype, [])],
    }),
  );
  const gm = buildGradient(fwd, { loss: 'loss', wrt: ['x'] });
  const s = await openSession(gm.model, { threads: 1 });
  const out = await s.run({ x }, [gm.grads['x']!]);
  return Array.from(out[gm.grads['x']!]!.data as Float32Array | Float64Array);
}
