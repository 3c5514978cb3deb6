/** Types declared in the graph (inputs, outputs, value_info). */
import type { ValueInfoProto } from '../gen/onnx_pb';
import type { Dim, TensorType } from './types';

/** The declared type; a dim with neither value nor name becomes the symbol `<tensor>:<axis>`. */
export function shapeFromValueInfo(v: ValueInfoProto): TensorType | undefined {
  if (v.type?.value.case !== 'tensorType') return undefined;
  const t = v.type.value.value;
  const shape = t.shape ? t.shape.dim.map((d, i): Dim => (d.value.case === 'dimValue' ? Number(d.value.value) : d.value.case === 'dimParam' && d.value.value ? d.value.value : `${v.name}:${i}`)) : null;
  return { elemType: t.elemType, shape };
}
