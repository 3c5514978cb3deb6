/** Errors are values a user can act on: what went wrong, where (file, tensor, shape), and what to do. */
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

/** Formats a shape the way users read it: [1, 256, 56, 56]. */
export function formatShape(shape: readonly (number | string | bigint)[]): string {
  return `[${shape.map(String).join(', ')}]`;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
