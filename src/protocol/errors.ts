/**
 * Errors are values a user can act on: what went wrong, where (file, tensor, shape), and what to do.
 * They cross the wire (engine → host → webview) as WireError, a plain-JSON mirror of GanLensError.
 */
export type ErrorKind = 'bad-input' | 'cancelled' | 'internal';

export interface ErrorDetails {
  file?: string;
  tensor?: string;
  node?: string;
  shape?: readonly (number | string)[];
  hint?: string;
}

export class GanLensError extends Error {
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
    super(details.hint ? `${message}\n  → ${details.hint}` : message);
    this.name = 'GanLensError';
    this.kind = kind;
    this.details = details;
  }
}

export function badInput(message: string, details: ErrorDetails = {}): GanLensError {
  return new GanLensError('bad-input', message, details);
}

export function internalError(message: string, details: ErrorDetails = {}): GanLensError {
  return new GanLensError('internal', message, details);
}

export function cancelledError(what = 'The job'): GanLensError {
  return new GanLensError('cancelled', `${what} was cancelled.`);
}

export function isGanLensError(e: unknown): e is GanLensError {
  return e instanceof GanLensError;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface WireError {
  kind: ErrorKind;
  message: string;
  details: ErrorDetails;
}

/** JSON-RPC error codes the engine uses; the typed payload rides in ResponseError.data. */
export const ERROR_CODES: Record<ErrorKind, number> = {
  'bad-input': -32001,
  internal: -32603,
  cancelled: -32800, // vscode-jsonrpc's LSP RequestCancelled code, so the library treats it as a cancellation
};

export function isWireError(v: unknown): v is WireError {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (o.kind === 'bad-input' || o.kind === 'internal' || o.kind === 'cancelled') && typeof o.message === 'string';
}

export function toWireError(e: unknown): WireError {
  if (e instanceof GanLensError) return { kind: e.kind, message: e.message, details: { ...e.details } };
  if (isWireError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'internal', message: `Internal error in the GAN Lens engine: ${message}`, details: {} };
}

export function fromWireError(w: WireError): GanLensError {
  const err = new GanLensError(w.kind, w.message, {});
  // The message already carries the hint line; keep details for callers without re-appending it.
  Object.assign(err.details, w.details);
  return err;
}
