/**
 * The engine ↔ host protocol (JSON-RPC over the engine process's stdio, vscode-jsonrpc).
 * The engine's own methods live here (feature methods: one module per feature); errors arrive as ResponseError whose data is a WireError.
 * Long jobs: pass a CancellationToken to sendRequest (or send `job/cancel`), and listen to `job/progress`.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { ProviderChoice, ProviderStatus } from './providers';
import type { ModelAnalysis } from './model';
import type { JobParams, JobProgress, JobResultBase } from './progress';
import type { WireError } from './errors';

export type { ProviderChoice, ProviderName, ProviderStatus } from './providers';

/** Bumped when a method's params or result change incompatibly; the host refuses an engine with another version. */
export const PROTOCOL_VERSION = 1;

// engine/hello
export interface HelloParams {
  /** The host's protocol version, echoed back so mismatches are reported, not guessed. */
  protocolVersion: number;
}
export interface HelloResult {
  protocolVersion: number;
  engineVersion: string;
  pid: number;
  node: string;
  platform: string;
  provider: ProviderStatus;
  /** Whether the engine runs models (false in restricted mode: structure only). */
  canRun: boolean;
}
export const HelloRequest = new RequestType<HelloParams, HelloResult, WireError>('engine/hello');

// engine/setProvider
export interface SetProviderParams {
  provider: ProviderChoice;
}
export const SetProviderRequest = new RequestType<SetProviderParams, ProviderStatus, WireError>('engine/setProvider');

// engine/setMemoryBudget: the setting ganLens.memoryBudgetGB; jobs choose how many samples run at once from it.
export interface SetMemoryBudgetParams {
  /** Gigabytes; 0 = automatic (half the machine's memory or 80 % of what is free). */
  gb: number;
}
export const SetMemoryBudgetRequest = new RequestType<SetMemoryBudgetParams, void, WireError>('engine/setMemoryBudget');

// engine/setTrust: the host tells the engine whether the workspace is trusted. Untrusted: nothing runs.
export interface SetTrustParams {
  trusted: boolean;
  /**
   * Folders a config's paths (models, data, output) must lie in: the workspace folders and ganLens.allowedPaths.
   * Absent: no confinement (a host that runs the engine on the user's behalf, like the CLI).
   */
  roots?: string[];
}
export const SetTrustRequest = new RequestType<SetTrustParams, void, WireError>('engine/setTrust');

// model/analyze
export interface AnalyzeModelParams {
  /** Absolute path of the .onnx file on the engine's machine. */
  file: string;
  /** [H, W] of the image input for shape inference; the model's own size when omitted. */
  inputSize?: [number, number];
}
export const AnalyzeModelRequest = new RequestType<AnalyzeModelParams, ModelAnalysis, WireError>('model/analyze');

// job/cancel: cancels a running job by id (for cancels that do not come from the request's own token, e.g. a webview).
export interface CancelJobParams {
  jobId: string;
}
export interface CancelJobResult {
  /** False when no job with that id was running. */
  cancelled: boolean;
}
export const CancelJobRequest = new RequestType<CancelJobParams, CancelJobResult, WireError>('job/cancel');

// engine/selfTest: a long job that does nothing but sleep in steps and report progress. It proves progress and
// cancellation end to end (tests, "GAN Lens: Check Engine" command).
export interface SelfTestParams extends JobParams {
  steps: number;
  stepMs: number;
  /** Throw a bad-input error at this step (tests of error paths). */
  failAtStep?: number;
}
export interface SelfTestResult extends JobResultBase {
  steps: number;
}
export const SelfTestRequest = new RequestType<SelfTestParams, SelfTestResult, WireError>('engine/selfTest');

// job/progress (engine → host)
export const JobProgressNotification = new NotificationType<JobProgress>('job/progress');
