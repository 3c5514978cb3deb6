/** Errors as they cross the wire (engine → host → webview): a plain-JSON mirror of GanLensError. */
import { GanLensError, type ErrorDetails, type ErrorKind } from '../util/errors';

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
