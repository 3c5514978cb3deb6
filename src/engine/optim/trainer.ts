/**
 * A training-step core: forward model + loss terms + trainable tensors (inputs or initializers) + optimiser →
 * step(feeds) returns the loss and updates the parameters it keeps, with Adam either on the host or fused into the
 * gradient graph. The autodiff benchmark (bench/autodiff.bench.ts) trains ResNet50 weights and inputs with it against
 * PyTorch; the product's tasks run their own loops (stitch/train.ts, gd/invert.ts, geninv/invert.ts,
 * vectors/appendix.ts) over adam-step.ts and schedule.ts.
 */
import type { ModelProto } from '../onnx/gen/onnx_pb';
import type { HostTensor } from '../onnx/tensor';
import { openSession, type RunnableSession, type SessionOptions } from '../runtime/session';
import { badInput } from '../util/errors';
import { buildGradient, type GradientModel } from '../autodiff/builder';
import { withLoss, type LossTerm } from '../losses/index';
import { hostOptimizer, type HostOptimizer } from './host';
import { fuseAdam, type FusedAdamNames } from './fused';
import { schedule, type Schedule } from './schedule';
import type { OptimizerSpec } from './spec';

export interface TrainerOptions {
  model: ModelProto;
  /** Loss terms appended to the model, or the name of a scalar tensor the model already computes. */
  loss: LossTerm[] | string;
  /** Tensors to train: graph inputs (give their start values in `init`) or initializers. */
  train: string[];
  init?: Record<string, HostTensor>;
  optimizer: OptimizerSpec;
  /** 'fused' runs Adam inside the gradient graph; 'host' applies updates in JS. Default: fused for Adam. */
  update?: 'fused' | 'host';
  session?: SessionOptions;
}

export interface StepResult {
  loss: number;
  step: number;
  lr: number;
}

export class Trainer {
  private readonly params: Record<string, HostTensor>;
  private stepCount = 0;

  private constructor(
    private readonly session: RunnableSession,
    private readonly gm: GradientModel,
    params: Record<string, HostTensor>,
    private readonly host: HostOptimizer | undefined,
    private readonly fused: { names: FusedAdamNames; m: Record<string, HostTensor>; v: Record<string, HostTensor>; lr: Schedule; spec: OptimizerSpec & { kind: 'adam' } } | undefined,
  ) {
    this.params = params;
  }

  static async create(o: TrainerOptions): Promise<Trainer> {
    let model = o.model;
    let loss: string;
    if (typeof o.loss === 'string') loss = o.loss;
    else {
      const lm = withLoss(o.model, o.loss);
      model = lm.model;
      loss = lm.loss;
    }
    const gm = buildGradient(model, { loss, wrt: o.train });
    const params: Record<string, HostTensor> = {};
    for (const w of o.train) {
      const t = o.init?.[w] ?? gm.promotedValues[w];
      if (!t) throw badInput(`No start value for trainable input '${w}'.`, { tensor: w, hint: 'Pass it in `init`.' });
      if (t.dtype !== 'float32' && t.dtype !== 'float64') throw badInput(`Trainable tensor '${w}' is ${t.dtype}; it must be float.`, { tensor: w });
      params[w] = { dtype: t.dtype, dims: [...t.dims], data: t.data.slice() };
    }
    const mode = o.update ?? (o.optimizer.kind === 'adam' ? 'fused' : 'host');
    if (mode === 'fused' && o.optimizer.kind === 'adam') {
      const f = fuseAdam(gm, o.optimizer);
      const session = await openSession(f.model, o.session);
      const zeros = (t: HostTensor): HostTensor => ({ dtype: t.dtype, dims: [...t.dims], data: new (t.data.constructor as Float32ArrayConstructor)(t.data.length) });
      const m: Record<string, HostTensor> = {};
      const v: Record<string, HostTensor> = {};
      for (const [w, t] of Object.entries(params)) {
        m[w] = zeros(t);
        v[w] = zeros(t);
      }
      return new Trainer(session, gm, params, undefined, { names: f.names, m, v, lr: schedule(o.optimizer.lr, o.optimizer.schedule), spec: o.optimizer });
    }
    const session = await openSession(gm.model, o.session);
    return new Trainer(session, gm, params, hostOptimizer(o.optimizer), undefined);
  }

  /** Current values of the trained tensors (live: updated in place by step()). */
  values(): Record<string, HostTensor> {
    return this.params;
  }

  setValue(name: string, t: HostTensor): void {
    if (!(name in this.params)) throw badInput(`'${name}' is not trained by this trainer.`, { tensor: name });
    this.params[name] = { dtype: t.dtype, dims: [...t.dims], data: t.data.slice() };
  }

  /** One forward + backward + update. `feeds` holds the other graph inputs (images, targets). */
  async step(feeds: Record<string, HostTensor>): Promise<StepResult> {
    const all: Record<string, HostTensor> = { ...this.params };
    for (const [k, t] of Object.entries(feeds)) if (this.session.inputNames.includes(k)) all[k] = t;
    this.stepCount++;
    const t = this.stepCount;
    if (this.fused) {
      const { names, spec } = this.fused;
      const lr = this.fused.lr(t);
      const [b1, b2] = spec.betas ?? [0.9, 0.999];
      const dtype = Object.values(this.params)[0]!.dtype;
      const scalar = (x: number): HostTensor => ({ dtype, dims: [], data: dtype === 'float64' ? new Float64Array([x]) : new Float32Array([x]) });
      all[names.stepSize] = scalar(lr / (1 - b1 ** t));
      all[names.bc2Sqrt] = scalar(Math.sqrt(1 - b2 ** t));
      if (this.session.inputNames.includes(names.shrink)) all[names.shrink] = scalar(1 - lr * (spec.weightDecay ?? 0));
      for (const w of Object.keys(this.params)) {
        all[names.m[w]!] = this.fused.m[w]!;
        all[names.v[w]!] = this.fused.v[w]!;
      }
      const out = await this.session.run(all);
      for (const w of Object.keys(this.params)) {
        this.params[w] = out[names.newParam[w]!]!;
        this.fused.m[w] = out[names.newM[w]!]!;
        this.fused.v[w] = out[names.newV[w]!]!;
      }
      return { loss: Number(out[this.gm.loss]!.data[0]), step: t, lr };
    }
    const out = await this.session.run(all);
    const grads: Record<string, ArrayLike<number>> = {};
    const data: Record<string, Float32Array | Float64Array> = {};
    for (const w of Object.keys(this.params)) {
      grads[w] = out[this.gm.grads[w]!]!.data as Float32Array;
      data[w] = this.params[w]!.data as Float32Array;
    }
    this.host!.update(data, grads);
    return { loss: Number(out[this.gm.loss]!.data[0]), step: t, lr: this.host!.lr() };
  }

  /** Loss and gradients without updating (for probes and tests). */
  async gradients(feeds: Record<string, HostTensor>): Promise<{ loss: number; grads: Record<string, HostTensor> }> {
    if (this.fused) throw badInput('gradients() needs a trainer with host updates (update: "host").');
    const all: Record<string, HostTensor> = { ...this.params };
    for (const [k, t] of Object.entries(feeds)) if (this.session.inputNames.includes(k)) all[k] = t;
    const out = await this.session.run(all);
    const grads: Record<string, HostTensor> = {};
    for (const w of Object.keys(this.params)) grads[w] = out[this.gm.grads[w]!]!;
    return { loss: Number(out[this.gm.loss]!.data[0]), grads };
  }
}
