/** Registers a typed request handler that maps every failure to the typed error payload and logs it. */
import { ResponseError, type CancellationToken, type MessageConnection, type RequestType } from 'vscode-jsonrpc';
import { ERROR_CODES, toWireError, type WireError } from '../../protocol/errors';
import { log } from './log';

/** JSON-RPC's "invalid params": the request's params are not what the method takes. */
const INVALID_PARAMS = -32602;

export type Handler<P, R> = (params: P, signal: AbortSignal) => Promise<R>;

/** Converts vscode-jsonrpc's CancellationToken into an AbortSignal so engine code only deals with signals. */
function tokenToSignal(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

function toResponseError(e: unknown): ResponseError<WireError> {
  const wire = toWireError(e);
  return new ResponseError(ERROR_CODES[wire.kind], wire.message, wire);
}

export function handle<P, R>(conn: MessageConnection, type: RequestType<P, R, WireError>, handler: Handler<P, R>): void {
  conn.onRequest(type, async (params: P, token: CancellationToken) => {
    const started = performance.now();
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      const message = `${type.method}: params must be an object, got ${params === null ? 'null' : Array.isArray(params) ? 'an array' : typeof params}.`;
      log('warn', `${type.method} refused: ${message}`);
      const wire: WireError = { kind: 'bad-input', message, details: { hint: 'Send the parameters this method declares in src/protocol.' } };
      return new ResponseError(INVALID_PARAMS, message, wire);
    }
    try {
      const result = await handler(params, tokenToSignal(token));
      log('info', `${type.method} done in ${Math.round(performance.now() - started)} ms`);
      return result;
    } catch (e) {
      const err = toResponseError(e);
      const data = err.data as WireError;
      log(data.kind === 'internal' ? 'error' : 'warn', `${type.method} failed (${data.kind}): ${data.message}` +
        (data.kind === 'internal' && e instanceof Error && e.stack ? `\n${e.stack}` : ''));
      return err;
    }
  });
}
