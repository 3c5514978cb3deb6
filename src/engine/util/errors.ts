/** The shared error vocabulary lives in the protocol (it crosses the wire); the engine adds its formatting helpers. */
export {
  GanLensError,
  badInput,
  internalError,
  cancelledError,
  isGanLensError,
  errorMessage,
  type ErrorKind,
  type ErrorDetails,
} from '../../protocol/errors';

/** Formats a shape the way users read it: [1, 256, 56, 56]. */
export function formatShape(shape: readonly (number | string | bigint)[]): string {
  return `[${shape.map(String).join(', ')}]`;
}
