/** Turns what vscode-jsonrpc rejects with into GanLensErrors, so callers see one error type. */
import { ResponseError } from 'vscode-jsonrpc';
import { fromWireError, isWireError } from '../../protocol/errors';
import { cancelledError, GanLensError, internalError } from '../../protocol/errors';

/** vscode-jsonrpc's codes for a cancelled request and for pending requests of a closed connection. */
const REQUEST_CANCELLED = -32800;
const PENDING_RESPONSE_REJECTED = -32097;

export function toGanLensError(e: unknown, method: string, engineDied: () => string | undefined): GanLensError {
  if (e instanceof GanLensError) return e;
  if (e instanceof ResponseError) {
    if (isWireError(e.data)) return fromWireError(e.data);
    if (e.code === REQUEST_CANCELLED) return cancelledError(`The request ${method}`);
    if (e.code === PENDING_RESPONSE_REJECTED) return engineStopped(method, engineDied());
  }
  const died = engineDied();
  if (died) return engineStopped(method, died);
  return internalError(`The GAN Lens engine failed on ${method}: ${e instanceof Error ? e.message : String(e)}`);
}

function engineStopped(method: string, why: string | undefined): GanLensError {
  return internalError(`The GAN Lens engine stopped while handling ${method}${why ? ` (${why})` : ''}.`, {
    hint: 'It restarts on the next request. The engine log is in the Output panel, channel "GAN Lens".',
  });
}
