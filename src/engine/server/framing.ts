/**
 * Guards the engine's input framing (`Content-Length: N\r\n\r\n<body>`). vscode-jsonrpc's reader stops reading for
 * good after a header it cannot use, and waits forever on a huge or negative length: the engine would stay alive but
 * deaf, so the host would never restart it. FrameGuard checks each header before passing the bytes on unchanged and
 * fails (an 'error' event with a message naming the header) on anything it cannot frame; the engine then exits.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** Largest message body accepted (a request never carries images inline; 64 MiB is far above any real one). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Longest header block accepted. */
const MAX_HEADER_BYTES = 8 * 1024;

const SEPARATOR = Buffer.from('\r\n\r\n');

export class FramingError extends Error {
  override name = 'FramingError';
}

export class FrameGuard extends Transform {
  private pending = Buffer.alloc(0);
  /** Body bytes still to pass through before the next header. */
  private bodyLeft = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let data = Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    try {
      while (data.length > 0) {
        if (this.bodyLeft > 0) {
          const n = Math.min(this.bodyLeft, data.length);
          this.push(data.subarray(0, n));
          this.bodyLeft -= n;
          data = data.subarray(n);
          continue;
        }
        const end = data.indexOf(SEPARATOR);
        if (end < 0) {
          if (data.length > MAX_HEADER_BYTES) throw new FramingError(`a message header longer than ${MAX_HEADER_BYTES} bytes without its blank line`);
          this.pending = data;
          break;
        }
        this.bodyLeft = contentLength(data.subarray(0, end).toString('ascii'));
        this.push(data.subarray(0, end + SEPARATOR.length));
        data = data.subarray(end + SEPARATOR.length);
      }
    } catch (e) {
      done(e as Error);
      return;
    }
    done();
  }
}

/** The body length a header block announces; throws a FramingError naming what is wrong. */
export function contentLength(header: string): number {
  const lines = header.split('\r\n');
  const found = lines.map((l) => /^content-length\s*:\s*(.*)$/i.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const shown = JSON.stringify(header.slice(0, 120));
  if (found.length === 0) throw new FramingError(`a message header without Content-Length: ${shown}`);
  if (found.length > 1) throw new FramingError(`a message header with ${found.length} Content-Length lines: ${shown}`);
  const value = found[0]![1]!.trim();
  if (!/^\d+$/.test(value)) throw new FramingError(`Content-Length '${value}' is not a non-negative whole number`);
  const n = Number(value);
  if (n > MAX_MESSAGE_BYTES) throw new FramingError(`Content-Length ${value} is over the ${MAX_MESSAGE_BYTES}-byte limit`);
  return n;
}
