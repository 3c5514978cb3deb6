/**
 * Fuzzes every CLI command with generated bad input (test/engine/fuzz/cases.ts), in-process: each case must exit 2
 * with a message on stderr, print no stack trace and finish within a bound.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/engine/cli/main';
import { clearSessionCache } from '../../../src/engine/runtime/session';
import { fuzzWorld, populate } from './fixture';
import { fuzzCases } from './cases';

const PER_CASE_MS = 20_000;

after(() => clearSessionCache());

const world = fuzzWorld();
const cases = fuzzCases(world);
before(() => populate(world));

test(`the fuzz suite generates at least 600 cases covering every command (${cases.length})`, () => {
  assert.ok(cases.length >= 600, `${cases.length} cases`);
  const commands = new Set(cases.map((c) => c.argv[0]));
  for (const c of ['layers', 'run', 'grad', 'stitch', 'reconstruct', 'compat', 'invert-gd', 'evaluate', 'demo', 'invert-generator', 'interpolate', 'segment', 'vectors', 'paint', 'paint-batch', 'demo-data']) {
    assert.ok(commands.has(c), c);
  }
});

for (const c of cases) {
  test(`fuzz: ${c.name}`, async () => {
    const argv = c.argv.map((a) => (a === 'OUT' ? world.out() : a));
    const err: string[] = [];
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      main(argv, { out: () => undefined, err: (l) => err.push(l) }),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), PER_CASE_MS))),
    ]);
    clearTimeout(timer);
    const stderr = err.join('\n');
    const ms = performance.now() - t0;
    assert.notEqual(code, 'timeout', `gan-lens ${argv.join(' ')} ran over ${PER_CASE_MS} ms`);
    assert.equal(code, 2, `gan-lens ${argv.join(' ')} → exit ${String(code)}\n${stderr}`);
    assert.ok(stderr.trim().length > 10, `no message for gan-lens ${argv.join(' ')}`);
    assert.doesNotMatch(stderr, /\n\s+at .+[:(]/, `stack trace for gan-lens ${argv.join(' ')}:\n${stderr}`);
    assert.doesNotMatch(stderr, /internal error/i);
    assert.ok(ms < PER_CASE_MS);
  });
}
