/** A message body that is framed correctly but is not JSON: JSON-RPC's -32700 reply (id null: none could be read). */
import type { ResponseMessage } from 'vscode-jsonrpc';

const PARSE_ERROR = -32700;

export function isBodyParseError(e: Error): boolean {
  return e instanceof SyntaxError || /JSON/.test(e.message);
}

export function parseErrorResponse(e: Error): ResponseMessage {
  return { jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: `Parse error: the message body is not JSON (${e.message}).` } };
}
