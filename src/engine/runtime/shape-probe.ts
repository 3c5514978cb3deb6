/** The probing run of model analysis: onnxruntime sizes what static inference could not. */
import { feedsAt, hasFreeBatch, probedShapes, withProbeOutputs, type ShapeProber } from '../onnx/probe';
import { openSession, type SessionOptions } from './session';

export function sessionShapeProber(session?: SessionOptions): ShapeProber {
  return async (model, tensors, types, inputs) => {
    // Sessions are cached and shared: not released here.
    const s = await openSession(withProbeOutputs(model, tensors, types), { ...session, optimization: 'disabled' });
    const dimsOf = async (batch: number): Promise<Map<string, { dims: number[]; dtype: string }>> => {
      const out = await s.run(feedsAt(model.graph!, inputs, batch), tensors);
      return new Map(Object.entries(out).map(([name, t]) => [name, { dims: t.dims, dtype: t.dtype }]));
    };
    const one = await dimsOf(1);
    let two: Map<string, { dims: number[]; dtype: string }> | undefined;
    if (hasFreeBatch(inputs)) {
      try {
        two = await dimsOf(2);
      } catch {
        two = undefined; // an export that only runs at batch 1: its numbers stand
      }
    }
    return probedShapes(one, two);
  };
}
