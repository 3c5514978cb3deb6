/**
 * Appends a weighted sum of loss terms to a forward model. Targets are new graph inputs (fed per step) or
 * constants baked in as initializers. The result's `loss` output is what the gradient builder differentiates.
 */
import { clone } from '@bufbuild/protobuf';
import { ModelProtoSchema, type ModelProto } from '../onnx/gen/onnx_pb';
import { valueInfo } from '../onnx/builder';
import type { HostTensor } from '../onnx/tensor';
import { badInput } from '../util/errors';
import { Emitter } from '../autodiff/emitter';
import { staticInfo } from '../autodiff/staticinfo';
import { LOSS_TERMS, type LossKind } from './terms';

export interface LossTerm {
  kind: LossKind;
  /** Tensor the loss reads. */
  at: string;
  /** A new graph input of this name (fed at run time), or a constant. */
  target: string | HostTensor;
  /** Multiplier of this term (default 1). */
  weight?: number;
}

export interface LossModel {
  model: ModelProto;
  loss: string;
  /** Graph inputs added for the targets. */
  targetInputs: string[];
}

export function withLoss(forward: ModelProto, terms: LossTerm[], lossName = 'loss'): LossModel {
  if (terms.length === 0) throw badInput('No loss term given.');
  const m = clone(ModelProtoSchema, forward);
  const g = m.graph!;
  const info = staticInfo(g);
  const names = new Set<string>([...g.input.map((i) => i.name), ...g.initializer.map((t) => t.name), ...g.node.flatMap((n) => n.output)]);
  if (names.has(lossName)) throw badInput(`The model already has a tensor named '${lossName}'.`, { tensor: lossName });
  const e = new Emitter(names, (n) => info.dtype.get(n), 'loss');
  const targetInputs: string[] = [];
  const scalars: string[] = [];
  for (const term of terms) {
    if (!names.has(term.at)) {
      throw badInput(`The model has no tensor '${term.at}' to compute the ${term.kind} loss at.`, {
        tensor: term.at,
        hint: '`gan-lens layers <model>` lists the layer tensors.',
      });
    }
    let target: string;
    if (typeof term.target === 'string') {
      target = term.target;
      if (!names.has(target)) {
        e.reserve(target);
        names.add(target);
        g.input.push(valueInfo(target, info.dtype.get(term.at) ?? 'float32'));
        targetInputs.push(target);
      }
    } else target = e.constant(term.target, 'target');
    let s = LOSS_TERMS[term.kind](e, term.at, target);
    if ((term.weight ?? 1) !== 1) s = e.mul(s, e.scalarLike(term.weight!, term.at));
    scalars.push(s);
  }
  const total = scalars.length === 1 ? e.opNamed('Identity', scalars, lossName) : e.opNamed('Sum', scalars, lossName);
  g.node.push(...e.nodes);
  g.initializer.push(...e.initializers);
  g.output = [valueInfo(total, info.dtype.get(terms[0]!.at) ?? 'float32', []), ...g.output];
  return { model: m, loss: total, targetInputs };
}
