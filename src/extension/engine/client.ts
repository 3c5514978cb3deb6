/**
 * The host's handle on the engine process: spawns it on first use, speaks the typed protocol, maps errors to
 * GanLensError, reports an unexpected exit once, and starts a fresh engine on the next request.
 * No `vscode` import: unit tests drive it against the real engine process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import {
  CancellationTokenSource,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type RequestType,
} from 'vscode-jsonrpc/node';
import {
  CancelJobRequest,
  HelloRequest,
  JobProgressNotification,
  PROTOCOL_VERSION,
  type HelloResult,
} from '../../protocol/engine';
import type { WireError } from '../../protocol/errors';
import type { JobParams, JobProgress } from '../../protocol/progress';
import { StitchEpochNotification, type StitchEpochNotice } from '../../protocol/stitch';
import { EvaluateLayerNotification, type EvaluateLayerNotice } from '../../protocol/evaluate';
import { newJobId } from '../../protocol/job-ids';
import { cancelledError } from '../../protocol/errors';
import { toGanLensError } from './errors';

export interface EngineLaunch {
  /** The Node binary: process.execPath in the extension host (also right under Remote-SSH). */
  command: string;
  /** e.g. [extensionPath/dist/engine.js], or ['--import', 'tsx', 'src/engine/server/main.ts'] in tests. */
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface EngineClientOptions {
  launch: EngineLaunch;
  /** Each stderr line of the engine, and the client's own lifecycle lines. */
  onLog: (line: string) => void;
  /** Called once per unexpected exit, with one sentence for the user. */
  onCrash: (message: string) => void;
  /** Runs after each (re)start before any other request: trust, provider. */
  initialize?: (client: EngineClient) => Promise<void>;
  /** engine/hello every intervalMs; no answer within timeoutMs and the engine is killed (reported) and restarted on the next request. */
  heartbeat?: { intervalMs: number; timeoutMs: number };
}

export interface JobOptions {
  onProgress?: (p: JobProgress) => void;
  /** stitch/train: each validated epoch (curve point and sample grid). */
  onEpoch?: (e: StitchEpochNotice) => void;
  /** evaluate/run: each finished layer (the report so far). */
  onEvaluateLayer?: (n: EvaluateLayerNotice) => void;
  signal?: AbortSignal;
}

interface Running {
  child: ChildProcess;
  conn: MessageConnection;
  ready: Promise<void>;
  exitReason?: string;
  expectedExit: boolean;
  /** Why the client killed it (a missed heartbeat), reported instead of the bare signal. */
  killReason?: string;
  heartbeat?: NodeJS.Timeout;
}

export class EngineClient {
  private current: Running | undefined;
  private readonly progressListeners = new Map<string, (p: JobProgress) => void>();
  private readonly epochListeners = new Map<string, (e: StitchEpochNotice) => void>();
  private readonly evaluateLayerListeners = new Map<string, (n: EvaluateLayerNotice) => void>();
  private disposed = false;

  constructor(private readonly options: EngineClientOptions) {}

  /** The engine's pid, when one is running. */
  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  async hello(): Promise<HelloResult> {
    return this.request(HelloRequest, { protocolVersion: PROTOCOL_VERSION });
  }

  /** Sends a request, starting the engine if needed. Rejects with a GanLensError. */
  async request<P, R>(type: RequestType<P, R, WireError>, params: P, signal?: AbortSignal): Promise<R> {
    const running = await this.ensureStarted();
    return this.send(running, type, params, signal);
  }

  /** Runs a long job: gives it a job id, routes its progress, and cancels it when the signal aborts. */
  async runJob<P extends JobParams, R>(type: RequestType<P, R, WireError>, params: P, options: JobOptions = {}): Promise<R> {
    const jobId = params.jobId ?? newJobId(type.method.replace(/\W+/g, '-'));
    if (options.onProgress) this.progressListeners.set(jobId, options.onProgress);
    if (options.onEpoch) this.epochListeners.set(jobId, options.onEpoch);
    if (options.onEvaluateLayer) this.evaluateLayerListeners.set(jobId, options.onEvaluateLayer);
    try {
      return await this.request(type, { ...params, jobId }, options.signal);
    } finally {
      this.progressListeners.delete(jobId);
      this.epochListeners.delete(jobId);
      this.evaluateLayerListeners.delete(jobId);
    }
  }

  /** Cancels a job by id (e.g. from a webview's Cancel button). */
  async cancelJob(jobId: string): Promise<boolean> {
    if (!this.current) return false;
    return (await this.request(CancelJobRequest, { jobId })).cancelled;
  }

  /** Stops the engine now; the next request starts a new one. */
  async restart(): Promise<void> {
    this.stop();
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private stop(): void {
    const r = this.current;
    if (!r) return;
    this.current = undefined;
    r.expectedExit = true;
    clearInterval(r.heartbeat);
    r.conn.dispose();
    r.child.kill();
  }

  private async send<P, R>(running: Running, type: RequestType<P, R, WireError>, params: P, signal?: AbortSignal): Promise<R> {
    if (signal?.aborted) throw cancelledError(`The request ${type.method}`);
    const source = new CancellationTokenSource();
    const onAbort = (): void => source.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // By method name: a RequestType built by another copy of vscode-jsonrpc (another bundle) is not recognised
      // by this one's parameter-structure check.
      return await running.conn.sendRequest<R>(type.method, params, source.token);
    } catch (e) {
      throw toGanLensError(e, type.method, () => running.exitReason);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }

  private async ensureStarted(): Promise<Running> {
    if (this.disposed) throw new Error('The GAN Lens engine client was disposed.');
    if (!this.current) this.current = this.start();
    const r = this.current;
    try {
      await r.ready;
    } catch (e) {
      if (this.current === r) this.stop();
      throw e;
    }
    return r;
  }

  private start(): Running {
    const { command, args, cwd, env } = this.options.launch;
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    // A dead engine must not take the extension host down: swallow pipe errors, the exit handler reports.
    child.stdin!.on('error', () => undefined);
    child.stdout!.on('error', () => undefined);
    conn.onError(() => undefined);
    createInterface({ input: child.stderr! }).on('line', (line) => this.options.onLog(line));
    conn.onNotification(JobProgressNotification, (p) => this.progressListeners.get(p.jobId)?.(p));
    conn.onNotification(StitchEpochNotification.method, (e: StitchEpochNotice) => this.epochListeners.get(e.jobId)?.(e));
    conn.onNotification(EvaluateLayerNotification.method, (n: EvaluateLayerNotice) => this.evaluateLayerListeners.get(n.jobId)?.(n));
    conn.listen();

    const running: Running = { child, conn, ready: Promise.resolve(), expectedExit: false };
    const onGone = (exit: string): void => {
      if (running.exitReason) return;
      const why = running.killReason ?? exit;
      running.exitReason = why;
      clearInterval(running.heartbeat);
      if (this.current === running) this.current = undefined;
      conn.dispose(); // rejects the pending requests; send() maps them to "engine stopped"
      if (!running.expectedExit && !this.disposed) {
        this.options.onLog(`[client] engine ${why}`);
        this.options.onCrash(`The GAN Lens engine stopped (${why}). It restarts on the next request; see Output › GAN Lens.`);
      }
    };
    child.on('error', (e) => onGone(`could not start: ${e.message}`));
    child.on('exit', (code, signal) => onGone(signal ? `killed by ${signal}` : `exit code ${code}`));
    this.options.onLog(`[client] engine started (pid ${child.pid ?? '?'})`);
    running.ready = this.options.initialize
      ? this.initializeOn(running)
      : Promise.resolve();
    const hb = this.options.heartbeat;
    if (hb) {
      // Watch from the engine's first answer on: a slow start (a cold disk, tsx compiling) is not deafness.
      conn.sendRequest(HelloRequest.method, { protocolVersion: PROTOCOL_VERSION }).then(
        () => {
          if (!running.exitReason) running.heartbeat = this.startHeartbeat(running, hb);
        },
        () => undefined,
      );
    }
    return running;
  }

  /** An engine alive but deaf (stuck, or its stdin garbled) answers nothing: it is killed and the user told why. */
  private startHeartbeat(running: Running, hb: { intervalMs: number; timeoutMs: number }): NodeJS.Timeout {
    let waiting = false;
    const timer = setInterval(() => {
      if (waiting || running.exitReason) return;
      waiting = true;
      const deadline = setTimeout(() => {
        running.killReason = `missed a heartbeat: no answer to engine/hello within ${hb.timeoutMs / 1000} s`;
        running.child.kill('SIGKILL');
      }, hb.timeoutMs);
      running.conn.sendRequest(HelloRequest.method, { protocolVersion: PROTOCOL_VERSION }).then(
        () => {
          clearTimeout(deadline);
          waiting = false;
        },
        () => clearTimeout(deadline),
      );
    }, hb.intervalMs);
    timer.unref();
    return timer;
  }

  private async initializeOn(running: Running): Promise<void> {
    const init = this.options.initialize!;
    // During initialize, requests go straight to this process (ensureStarted would wait on ready: a deadlock).
    const scoped = Object.create(this) as EngineClient;
    scoped.request = <P, R>(type: RequestType<P, R, WireError>, params: P, signal?: AbortSignal): Promise<R> =>
      this.send(running, type, params, signal);
    await init(scoped);
  }
}
