import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ort, type OrtSession, type OrtTensor } from './ort';
import type { ModelProto } from '../onnx/gen/onnx_pb';
import { externalDataBase, materializeForRuntime, serializeModel } from '../onnx/io';
import { type HostTensor, numel } from '../onnx/tensor';
import type { NumericDType, TypedArray } from '../onnx/dtype';
import { badInput, errorMessage, formatShape } from '../util/errors';
import type { ProviderChoice, ProviderName, ProviderStatus } from './providers';

export interface SessionOptions {
  provider?: ProviderChoice;
  /** Intra-op threads; 0 lets onnxruntime choose. */
  threads?: number;
  /** Graph optimisation level; 'all' by default. */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
}

export interface RunnableSession {
  session: OrtSession;
  provider: ProviderStatus;
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, HostTensor>, outputs?: readonly string[]): Promise<Record<string, HostTensor>>;
  release(): Promise<void>;
}

const cache = new Map<string, Promise<RunnableSession>>();
const MAX_CACHED = 16;

function cacheKey(bytes: Uint8Array, options: SessionOptions): string {
  const h = createHash('sha256');
  h.update(bytes);
  h.update(JSON.stringify({ p: options.provider ?? 'cpu', t: options.threads ?? 0, o: options.optimization ?? 'all' }));
  return h.digest('hex');
}

export function toOrt(t: HostTensor): OrtTensor {
  const type = t.dtype === 'float16' ? 'float16' : t.dtype;
  return new ort.Tensor(type as 'float32', t.data as Float32Array, t.dims);
}

export function fromOrt(t: OrtTensor): HostTensor {
  const dims = [...t.dims].map(Number);
  const dtype = t.type as NumericDType;
  return { dtype, dims, data: t.data as TypedArray };
}

async function create(model: Uint8Array | string, provider: ProviderName, options: SessionOptions): Promise<OrtSession> {
  const so: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: options.optimization ?? 'all',
    intraOpNumThreads: options.threads ?? 0,
    logSeverityLevel: 3,
  };
  return typeof model === 'string' ? ort.InferenceSession.create(model, so) : ort.InferenceSession.create(model, so);
}

/** Opens (or reuses) a session for a model; asks for a provider and falls back to CPU with a one-line reason. */
export async function openSession(model: ModelProto | Uint8Array, options: SessionOptions = {}): Promise<RunnableSession> {
  const bytes = model instanceof Uint8Array ? model : serializeModel(model);
  const key = cacheKey(bytes, options);
  const hit = cache.get(key);
  if (hit) return hit;
  const pending = openUncached(model, bytes, options);
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  if (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next().value as string;
    const old = cache.get(oldest);
    cache.delete(oldest);
    old?.then((s) => s.session.release()).catch(() => undefined);
  }
  return pending;
}

async function openUncached(model: ModelProto | Uint8Array, bytes: Uint8Array, options: SessionOptions): Promise<RunnableSession> {
  const requested = options.provider ?? 'cpu';
  const order: ProviderName[] =
    requested === 'auto' ? ['cuda', 'webgpu', 'cpu'] : requested === 'cpu' ? ['cpu'] : [requested, 'cpu'];
  let source: Uint8Array | string = bytes;
  let tempPath: string | undefined;
  if (!(model instanceof Uint8Array) && externalDataBase(model)) source = tempPath = materializeForRuntime(model);
  const reasons: string[] = [];
  try {
    for (const p of order) {
      try {
        const session = await create(source, p, options);
        const reason = p === requested || requested === 'auto' && p === order[0] ? '' : reasons.join('; ');
        return wrap(session, { active: p, requested, reason });
      } catch (e) {
        if (p === 'cpu') throw modelLoadError(e);
        reasons.push(`${p} unavailable: ${firstLine(errorMessage(e))}`);
      }
    }
    throw new Error('unreachable');
  } finally {
    if (tempPath) rmSync(dirname(tempPath), { recursive: true, force: true });
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 200);
}

function modelLoadError(e: unknown): Error {
  return badInput(`onnxruntime could not load the model: ${firstLine(errorMessage(e))}`, {
    hint: 'Check the model with `gan-lens layers`; re-export with opset 17 if an operator is unsupported.',
  });
}

function wrap(session: OrtSession, provider: ProviderStatus): RunnableSession {
  const inputNames = session.inputNames;
  const outputNames = session.outputNames;
  return {
    session,
    provider,
    inputNames,
    outputNames,
    async run(feeds, outputs) {
      const ortFeeds: Record<string, OrtTensor> = {};
      for (const [name, t] of Object.entries(feeds)) {
        if (!inputNames.includes(name)) {
          throw badInput(`The model has no input '${name}'. Its inputs are: ${inputNames.join(', ')}.`, { tensor: name });
        }
        if (t.data.length !== numel(t.dims)) {
          throw badInput(`Input '${name}' has ${t.data.length} values for shape ${formatShape(t.dims)}.`, { tensor: name, shape: t.dims });
        }
        ortFeeds[name] = toOrt(t);
      }
      for (const name of inputNames) {
        if (!(name in ortFeeds)) throw badInput(`Input '${name}' was not given.`, { tensor: name, hint: `Pass --input ${name}=file.npy.` });
      }
      const fetch = outputs ?? outputNames;
      let result: ort.InferenceSession.OnnxValueMapType;
      try {
        result = await session.run(ortFeeds, [...fetch]);
      } catch (e) {
        throw badInput(`Running the model failed: ${firstLine(errorMessage(e))}`, {
          hint: 'Check the input shapes against `gan-lens layers`.',
        });
      }
      const out: Record<string, HostTensor> = {};
      for (const name of fetch) out[name] = fromOrt(result[name] as OrtTensor);
      return out;
    },
    async release() {
      await session.release();
    },
  };
}

/** Drops every cached session (tests, provider switch). */
export async function clearSessionCache(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.map((p) => p.then((s) => s.release()).catch(() => undefined)));
}
