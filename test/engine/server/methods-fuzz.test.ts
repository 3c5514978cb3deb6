/**
 * Every engine method gets odd params (null, an array, a number, a string, an empty object, and objects whose
 * fields have the wrong types): the engine answers each with a bad-input error (never an internal error or a crash
 * message) and keeps serving.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ENGINE = resolve(__dirname, '../../../src/engine/server/main.ts');

const METHODS = [
  'engine/hello', 'engine/setProvider', 'engine/setTrust', 'engine/setMemoryBudget', 'model/analyze', 'job/cancel', 'engine/selfTest',
  'stitch/train', 'stitch/runs', 'stitch/reconstruct', 'stitch/layerSwitch', 'evaluate/report', 'evaluate/run',
  'paint/open', 'paint/repaint', 'paint/export', 'paint/batch', 'paint/close',
  'vectors/list', 'gd/invert', 'config/check', 'vectors/rank', 'vectors/add', 'config/propose', 'config/generators', 'vectors/starter',
];

const WRONG_TYPES = [
  { config: 5, path: 5, file: 5, run: 5, dir: 5, jobId: 5, sessionId: 5, protocolVersion: 'x', provider: 7, trusted: 'yes' },
  { config: null, path: null, run: null, jobId: null, pair: null, layer: null, protocolVersion: null },
  { config: ['a'], path: {}, run: true, pair: 'a:b', layer: 3, count: 'many', outDir: 9, epochs: -1, steps: 'x' },
  { config: '/nonexistent/x.ganlens.json', path: '/nonexistent/m.onnx', run: '/nonexistent', pair: { from: 5 }, jobId: 'j', sessionId: 'nope' },
];

const ODD: [string, unknown][] = [
  ['null', null],
  ['an array', [1, 2]],
  ['a number', 5],
  ['a string', 'x'],
  ...WRONG_TYPES.map((p, i): [string, unknown] => [`wrong types #${i + 1}`, p]),
  ['an empty object', {}],
];

const child = spawn(process.execPath, ['--import', 'tsx', ENGINE], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
let buf = Buffer.alloc(0);
const pending = new Map<number, (m: Record<string, unknown>) => void>();
child.stdout.on('data', (d: Buffer) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())![1]);
    if (buf.length < end + 4 + len) return;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString()) as Record<string, unknown>;
    buf = buf.subarray(end + 4 + len);
    if (typeof msg.id === 'number') pending.get(msg.id)?.(msg);
  }
});
after(() => child.kill());

let nextId = 1;
function call(method: string, params: unknown): Promise<Record<string, unknown>> {
  const id = nextId++;
  const body = JSON.stringify({ jsonrpc: '2.0', id, method, params });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  return Promise.race([
    new Promise<Record<string, unknown>>((r) => pending.set(id, r)),
    new Promise<Record<string, unknown>>((_, rej) => setTimeout(() => rej(new Error(`${method}: no reply in 20 s`)), 20_000).unref()),
  ]);
}

// The engine starts untrusted: trust it, so that odd params reach each method's own checks, not the trust gate.
before(async () => {
  const r = await call('engine/setTrust', { trusted: true });
  assert.ok(!r.error, JSON.stringify(r));
});

for (const method of METHODS) {
  for (const [what, params] of ODD) {
    test(`engine fuzz: ${method} with ${what} params is bad input, not an internal error`, async () => {
      const reply = await call(method, params);
      const error = reply.error as { code: number; message: string; data?: { kind?: string } } | undefined;
      if (what === 'an empty object' && !error) return; // all-optional params (e.g. engine/selfTest, vectors/list): a real answer is fine
      // Well-typed ids that point nowhere: cancelling or closing nothing is a no-op, as the protocol says.
      if (what === 'wrong types #4' && !error && (method === 'job/cancel' || method === 'paint/close')) return;
      assert.ok(error, `${method} ${what}: expected an error, got ${JSON.stringify(reply).slice(0, 300)}`);
      assert.notEqual(error.code, -32603, `${method} ${what}: internal error: ${error.message}`);
      assert.doesNotMatch(error.message, /Cannot read properties|is not a function|undefined \(reading/);
      assert.doesNotMatch(error.message, /not trusted|Restricted Mode/, `${method} ${what}: refused by the trust gate, not by its params check`);
      if (['null', 'an array', 'a number', 'a string'].includes(what)) assert.equal(error.code, -32602, `${method} ${what}: ${error.message}`);
      else assert.equal(error.data?.kind, 'bad-input', `${method} ${what}: ${JSON.stringify(error)}`);
    });
  }
}

test('after every odd request the engine still answers engine/hello and never crashed', async () => {
  const r = await call('engine/hello', { protocolVersion: 1, hostVersion: 'fuzz' });
  assert.ok(r.result, JSON.stringify(r));
  assert.doesNotMatch(stderr, /uncaught exception|unhandled rejection/);
});
