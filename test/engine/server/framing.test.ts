import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { contentLength, FramingError } from '../../../src/engine/server/framing';

const ENGINE = resolve(__dirname, '../../../src/engine/server/main.ts');

interface Engine {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  /** Resolves with the next JSON message the engine writes. */
  next: () => Promise<Record<string, unknown>>;
  exit: Promise<number | null>;
}

function startEngine(): Engine {
  const child = spawn(process.execPath, ['--import', 'tsx', ENGINE], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let buf = Buffer.alloc(0);
  const queue: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())![1]);
      if (buf.length < end + 4 + len) return;
      const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString()) as Record<string, unknown>;
      buf = buf.subarray(end + 4 + len);
      const w = waiters.shift();
      if (w) w(msg);
      else queue.push(msg);
    }
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    stderr: () => err,
    next: () => new Promise((r) => (queue.length ? r(queue.shift()!) : waiters.push(r))),
    exit,
  };
}

const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const request = (id: number, method: string, params: unknown): string => frame(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timed out: ${what}`)), ms).unref())]);
}

test('Content-Length headers are checked: missing, negative, non-numeric, absurd and duplicated ones are framing errors', () => {
  assert.equal(contentLength('Content-Length: 12'), 12);
  assert.equal(contentLength('content-length:7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8'), 7);
  for (const [h, re] of [
    ['Content-Type: x', /without Content-Length/],
    ['Content-Length: -5', /'-5' is not a non-negative whole number/],
    ['Content-Length: abc', /'abc' is not/],
    ['Content-Length: 1.5', /'1.5' is not/],
    ['Content-Length: 99999999999', /over the 67108864-byte limit/],
    ['Content-Length: 1\r\nContent-Length: 2', /2 Content-Length lines/],
  ] as const) {
    assert.throws(() => contentLength(h), (e: unknown) => e instanceof FramingError && re.test(e.message), h);
  }
});

test('the engine answers a malformed JSON body with -32700 and null params with -32602 naming the params, then keeps answering', async () => {
  const e = startEngine();
  try {
    e.child.stdin.write(frame('{"jsonrpc": "2.0", "id": 1, "method": "engine/hel'));
    const parse = await withTimeout(e.next(), 20_000, 'parse error reply');
    assert.equal(parse.id, null);
    assert.equal((parse.error as { code: number }).code, -32700);
    e.child.stdin.write(request(2, 'engine/hello', null));
    const bad = await withTimeout(e.next(), 20_000, 'null params reply');
    assert.equal(bad.id, 2);
    const err = bad.error as { code: number; message: string; data: { kind: string } };
    assert.equal(err.code, -32602, JSON.stringify(bad));
    assert.match(err.message, /engine\/hello: params must be an object, got null/);
    assert.equal(err.data.kind, 'bad-input');
    e.child.stdin.write(request(3, 'stitch/runs', [1, 2]));
    const arr = await withTimeout(e.next(), 20_000, 'array params reply');
    assert.equal(arr.id, 3);
    assert.ok(arr.error, JSON.stringify(arr));
    e.child.stdin.write(request(4, 'engine/hello', { protocolVersion: 1, hostVersion: 'test' }));
    const ok = await withTimeout(e.next(), 20_000, 'hello reply');
    assert.equal(ok.id, 4);
  } finally {
    e.child.kill();
  }
});

for (const [what, header] of [
  ['a missing Content-Length', 'Content-Type: application/json\r\n\r\n{}'],
  ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}'],
  ['a non-numeric Content-Length', 'Content-Length: twelve\r\n\r\n{}'],
  ['an absurd Content-Length', 'Content-Length: 999999999999\r\n\r\n{}'],
] as const) {
  test(`the engine exits non-zero, saying why, on ${what} (so the host restarts it)`, async () => {
    const e = startEngine();
    e.child.stdin.write(header);
    const code = await withTimeout(e.exit, 20_000, `exit after ${what}`).finally(() => e.child.kill());
    assert.equal(code, 3);
    assert.match(e.stderr(), /Protocol framing error: .*Content-Length.*The engine stops so that the editor restarts it/);
  });
}
