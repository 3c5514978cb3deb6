/**
 * Adam fused into the gradient graph: the model takes each parameter, its two moments and per-step scalars, and
 * outputs the updated parameter and moments next to the loss (torch.optim.Adam / AdamW semantics). Per-step
 * scalars come from the host, so learning-rate schedules need no rebuild.
 */
import type { ModelProto } from '../onnx/gen/onnx_pb';
import { valueInfo } from '../onnx/builder';
import type { NumericDType } from '../onnx/dtype';
import { Emitter } from '../autodiff/emitter';
import { staticInfo } from '../autodiff/staticinfo';
import type { GradientModel } from '../autodiff/builder';
import { pruneDead } from '../autodiff/builder';
import type { AdamSpec } from './spec';

export interface FusedAdamNames {
  m: Record<string, string>;
  v: Record<string, string>;
  newParam: Record<string, string>;
  newM: Record<string, string>;
  newV: Record<string, string>;
  /** Scalar inputs: lr / (1 − β1^t), √(1 − β2^t), 1 − lr·wd (decoupled decay). */
  stepSize: string;
  bc2Sqrt: string;
  shrink: string;
}

export function fuseAdam(gm: GradientModel, spec: AdamSpec): { model: ModelProto; names: FusedAdamNames } {
  const m = gm.model;
  const g = m.graph!;
  const info = staticInfo(g);
  const taken = new Set([...g.input.map((i) => i.name), ...g.initializer.map((t) => t.name), ...g.node.flatMap((n) => n.output)]);
  const e = new Emitter(taken, (n) => info.dtype.get(n), 'adam');
  const [b1, b2] = spec.betas ?? [0.9, 0.999];
  const eps = spec.eps ?? 1e-8;
  const wd = spec.weightDecay ?? 0;
  const names: FusedAdamNames = { m: {}, v: {}, newParam: {}, newM: {}, newV: {}, stepSize: 'adam:step_size', bc2Sqrt: 'adam:bc2_sqrt', shrink: 'adam:shrink' };
  const dtype: NumericDType = info.dtype.get(Object.keys(gm.grads)[0] ?? '') ?? 'float32';
  for (const s of [names.stepSize, names.bc2Sqrt, names.shrink]) {
    e.reserve(s);
    g.input.push(valueInfo(s, dtype, []));
  }
  const outputs = [g.output[0]!];
  for (const [w, grad] of Object.entries(gm.grads)) {
    const decl = g.input.find((i) => i.name === w);
    const dims = decl?.type?.value.case === 'tensorType' ? decl.type.value.value.shape?.dim.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : 'd')) : undefined;
    for (const [key, prefix] of [['m', 'adam:m:'], ['v', 'adam:v:']] as const) {
      names[key][w] = prefix + w;
      e.reserve(prefix + w);
      g.input.push(valueInfo(prefix + w, dtype, dims));
    }
    let gi = grad;
    if (wd !== 0 && !spec.decoupled) gi = e.add(gi, e.mul(w, e.scalarLike(wd, w)));
    const mNew = e.add(e.mul(names.m[w]!, e.scalarLike(b1, w)), e.mul(gi, e.scalarLike(1 - b1, w)));
    const vNew = e.add(e.mul(names.v[w]!, e.scalarLike(b2, w)), e.mul(e.mul(gi, gi), e.scalarLike(1 - b2, w)));
    const denom = e.add(e.div(e.op('Sqrt', [vNew]), names.bc2Sqrt), e.scalarLike(eps, w));
    const base = wd !== 0 && spec.decoupled ? e.mul(w, names.shrink) : w;
    const pNew = e.sub(base, e.div(e.mul(mNew, names.stepSize), denom));
    names.newParam[w] = e.opNamed('Identity', [pNew], `adam:new:${w}`);
    names.newM[w] = e.opNamed('Identity', [mNew], `adam:new_m:${w}`);
    names.newV[w] = e.opNamed('Identity', [vNew], `adam:new_v:${w}`);
    outputs.push(valueInfo(names.newParam[w]!, dtype, dims), valueInfo(names.newM[w]!, dtype, dims), valueInfo(names.newV[w]!, dtype, dims));
  }
  g.node.push(...e.nodes);
  g.initializer.push(...e.initializers);
  g.output = outputs;
  pruneDead(g);
  return { model: m, names };
}
