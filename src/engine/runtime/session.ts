import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ort, type OrtSession, type OrtTensor } from './ort';
import type { ModelProto } from '../onnx/gen/onnx_pb';
import { externalDataBase, materializeForRuntime, parseModel, serializeModel } from '../onnx/io';
import { type HostTensor, numel } from '../onnx/tensor';
import type { NumericDType, TypedArray } from '../onnx/dtype';
import { badInput, errorMessage, formatShape } from '../util/errors';
import { isProviderChoice, type ProviderChoice, type ProviderName, type ProviderStatus } from './providers';
import { resolveProvider } from './provider-resolve';
import { unsupportedNode } from './provider-limits';
import { prepareForProvider } from './provider-rewrite';
import { describeCpuFallback, placementFromProfile } from './placement';
import { providerNotice } from './provider-notice';
import { conciseOrtError } from './ort-errors';

export interface SessionOptions {
  provider?: ProviderChoice;
  /** Intra-op threads; 0 (default): one per CPU this process may use (`defaultThreads()`). */
  threads?: number;
  /** Graph optimisation level; 'all' by default. */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * onnxruntime's CPU arena and memory-pattern planning. Off by default: an arena keeps each session's peak for the
   * session's lifetime (the peaks of all open sessions add up) and memory patterns pre-allocate per input shape;
   * without them freed tensors go back to the system (docs/benchmarks.md, "Memory").
   */
  cpuArena?: boolean;
  memPattern?: boolean;
  /** The job's memory budget in GB (flag --memory-gb, setting ganLens.memoryBudgetGB); default: memory-budget.ts. */
  memoryBudgetGB?: number;
}

export interface RunnableSession {
  /** The onnxruntime session in use (replaced by a CPU one if the GPU provider fails at run time). */
  readonly session: OrtSession;
  /** Live: updated when the session falls back to the CPU or its first run reveals nodes placed on the CPU. */
  provider: ProviderStatus;
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, HostTensor>, outputs?: readonly string[]): Promise<Record<string, HostTensor>>;
  release(): Promise<void>;
}

const cache = new Map<string, Promise<RunnableSession>>();
const MAX_CACHED = 16;

/**
 * The provider of sessions that name none: cpu, or GAN_LENS_PROVIDER (e.g. to run a test suite on webgpu as an audit).
 */
function defaultProvider(): ProviderChoice {
  const v = process.env['GAN_LENS_PROVIDER'];
  return isProviderChoice(v) ? v : 'cpu';
}

function cacheKey(bytes: Uint8Array, options: SessionOptions): string {
  const h = createHash('sha256');
  h.update(bytes);
  h.update(
    JSON.stringify({ p: options.provider ?? defaultProvider(), t: options.threads ?? 0, o: options.optimization ?? 'all', a: options.cpuArena ?? false, m: options.memPattern ?? false }),
  );
  return h.digest('hex');
}

function toOrt(t: HostTensor): OrtTensor {
  const type = t.dtype === 'float16' ? 'float16' : t.dtype;
  return new ort.Tensor(type as 'float32', t.data as Float32Array, t.dims);
}

function fromOrt(t: OrtTensor): HostTensor {
  const dims = [...t.dims].map(Number);
  const dtype = t.type as NumericDType;
  return { dtype, dims, data: t.data as TypedArray };
}

interface CreateOptions extends SessionOptions {
  /** Directory for onnxruntime's profile of the first run (node placement). */
  profileDir?: string;
}

/**
 * Threads when none are asked for. onnxruntime-node's own default (intraOpNumThreads 0) ran a single thread on the
 * 2-vCPU machines this was measured on: a StyleGAN2-256 forward at batch 4 took 7.8 s, 4.8 s with 2 threads.
 * availableParallelism() follows the process's CPU affinity, so a Slurm task bound to its CPUs gets that many.
 */
export function defaultThreads(): number {
  return availableParallelism();
}

async function create(model: Uint8Array | string, provider: ProviderName, options: CreateOptions): Promise<OrtSession> {
  const so: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: options.optimization ?? 'all',
    intraOpNumThreads: options.threads || defaultThreads(),
    // Idle pool threads sleep instead of spinning: several sessions and processes (editor engine, sweep items) share
    // the cores, and spinning threads take CPU from them (idle machine: StyleGAN2-256 4.8 s either way, demo generator
    // 5.5 ms instead of 4.9).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
    enableCpuMemArena: options.cpuArena ?? false,
    enableMemPattern: options.memPattern ?? false,
    logSeverityLevel: 3,
  };
  if (options.profileDir) {
    so.enableProfiling = true;
    so.profileFilePrefix = join(options.profileDir, 'profile');
  }
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
    old?.then((s) => s.release()).catch(() => undefined);
  }
  return pending;
}

/**
 * A session of its own, outside the process-wide cache: for large graphs a job uses once (training, inversion),
 * so that releasing it really frees its weights and buffers. Release it (or its SessionScope) when done.
 */
export function openPrivateSession(model: ModelProto | Uint8Array, options: SessionOptions = {}): Promise<RunnableSession> {
  const bytes = model instanceof Uint8Array ? model : serializeModel(model);
  return openUncached(model, bytes, options);
}

/** The private sessions of one job, released together when the job ends (also when it fails or is cancelled). */
export class SessionScope {
  private readonly open: Promise<RunnableSession>[] = [];

  session(model: ModelProto | Uint8Array, options: SessionOptions = {}): Promise<RunnableSession> {
    const s = openPrivateSession(model, options);
    this.open.push(s);
    return s;
  }

  async release(): Promise<void> {
    const all = this.open.splice(0);
    await Promise.all(all.map((p) => p.then((s) => s.release()).catch(() => undefined)));
  }
}

/** Runs `job` with a fresh scope and releases every session it opened afterwards. */
export async function withSessionScope<T>(job: (scope: SessionScope) => Promise<T>): Promise<T> {
  const scope = new SessionScope();
  try {
    return await job(scope);
  } finally {
    await scope.release();
  }
}

function joinReasons(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('; ');
}

async function openUncached(model: ModelProto | Uint8Array, bytes: Uint8Array, options: SessionOptions): Promise<RunnableSession> {
  const status: ProviderStatus = { ...(await resolveProvider(options.provider ?? defaultProvider())) };
  let gpuModel: ModelProto | Uint8Array = model;
  let gpuBytes = bytes;
  if (status.active !== 'cpu') {
    const proto = model instanceof Uint8Array ? parseModel(bytes) : model;
    const prepared = prepareForProvider(proto, status.active);
    const blocker = (proto.graph ? unsupportedNode(proto.graph, status.active) : undefined) ?? prepared.blocker;
    if (blocker) {
      status.reason = joinReasons(status.reason, `${blocker}; this graph runs on cpu`);
      status.active = 'cpu';
      providerNotice(status.reason);
    } else if (prepared.model !== proto) {
      for (const note of prepared.notes) noticeOnce(note);
      gpuModel = prepared.model;
      gpuBytes = serializeModel(prepared.model);
    }
  }
  if (status.active === 'cpu') return withRuntimeSource(model, bytes, async (src) => wrap(await createOrExplain(src, 'cpu', options), status));
  const profileDir = mkdtempSync(join(tmpdir(), 'gan-lens-placement-'));
  try {
    const session = await withRuntimeSource(gpuModel, gpuBytes, (src) => create(src, status.active, { ...options, profileDir }));
    // Kept only for GPU sessions: a run-time failure reopens the model on the CPU.
    const reopenOnCpu = (): Promise<OrtSession> => withRuntimeSource(model, bytes, (src) => createOrExplain(src, 'cpu', options));
    return wrap(session, status, reopenOnCpu, profileDir);
  } catch (e) {
    rmSync(profileDir, { recursive: true, force: true });
    status.reason = joinReasons(status.reason, `${status.active} could not load this graph (${conciseOrtError(errorMessage(e))}); using cpu`);
    status.active = 'cpu';
    providerNotice(status.reason);
    return withRuntimeSource(model, bytes, async (src) => wrap(await createOrExplain(src, 'cpu', options), status));
  }
}

const noticed = new Set<string>();
function noticeOnce(line: string): void {
  if (noticed.has(line)) return;
  noticed.add(line);
  providerNotice(line);
}

async function createOrExplain(source: Uint8Array | string, p: ProviderName, options: SessionOptions): Promise<OrtSession> {
  try {
    return await create(source, p, options);
  } catch (e) {
    throw modelLoadError(e);
  }
}

/** Bytes, or a temporary file with the external data beside it (removed after `use`). */
async function withRuntimeSource<T>(model: ModelProto | Uint8Array, bytes: Uint8Array, use: (source: Uint8Array | string) => Promise<T>): Promise<T> {
  if (model instanceof Uint8Array || !externalDataBase(model)) return use(bytes);
  const path = materializeForRuntime(model);
  try {
    return await use(path);
  } finally {
    rmSync(dirname(path), { recursive: true, force: true });
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

/** Reads the first run's profile (which provider ran each node), logs GPU→CPU node fallback, removes the file. */
function recordPlacement(session: OrtSession, status: ProviderStatus, profileDir: string): void {
  try {
    session.endProfiling();
    const file = readdirSync(profileDir).find((f) => f.endsWith('.json'));
    if (!file) return;
    const line = describeCpuFallback(placementFromProfile(readFileSync(join(profileDir, file), 'utf8')), status.active);
    if (line) {
      status.nodeFallback = line;
      providerNotice(line);
    }
  } catch (e) {
    providerNotice(`${status.active}: could not read node placement (${firstLine(errorMessage(e))})`);
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
}

function wrap(
  first: OrtSession,
  provider: ProviderStatus,
  reopenOnCpu?: () => Promise<OrtSession>,
  profileDir?: string,
): RunnableSession {
  let session = first;
  let pendingProfile = profileDir;
  const inputNames = session.inputNames;
  const outputNames = session.outputNames;
  const runOnce = async (ortFeeds: Record<string, OrtTensor>, fetch: readonly string[]): Promise<ort.InferenceSession.OnnxValueMapType> => {
    try {
      return await session.run(ortFeeds, [...fetch]);
    } catch (e) {
      if (provider.active === 'cpu' || !reopenOnCpu) {
        throw badInput(`Running the model failed: ${firstLine(errorMessage(e))}`, {
          hint: 'Check the input shapes against `gan-lens layers`.',
        });
      }
      // A node the GPU provider accepted but cannot run (onnxruntime does not move it to the CPU by itself).
      provider.reason = joinReasons(provider.reason, `${provider.active} failed to run this graph (${conciseOrtError(errorMessage(e))}); switched to cpu`);
      provider.active = 'cpu';
      delete provider.nodeFallback;
      providerNotice(provider.reason);
      const old = session;
      session = await reopenOnCpu();
      if (pendingProfile) rmSync(pendingProfile, { recursive: true, force: true });
      pendingProfile = undefined;
      await old.release().catch(() => undefined);
      return runOnce(ortFeeds, fetch);
    }
  };
  return {
    get session() {
      return session;
    },
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
      const result = await runOnce(ortFeeds, fetch);
      if (pendingProfile) {
        recordPlacement(session, provider, pendingProfile);
        pendingProfile = undefined;
      }
      const out: Record<string, HostTensor> = {};
      for (const name of fetch) out[name] = fromOrt(result[name] as OrtTensor);
      return out;
    },
    async release() {
      if (pendingProfile) rmSync(pendingProfile, { recursive: true, force: true });
      pendingProfile = undefined;
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
