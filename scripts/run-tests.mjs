// Runs the test suites with node's test runner (TypeScript through tsx).
//   node scripts/run-tests.mjs            all suites (unit, parity, e2e)
//   node scripts/run-tests.mjs --unit     unit and integration tests only (no torch, no workbench)
//   node scripts/run-tests.mjs --parity   PyTorch parity tests only
//   node scripts/run-tests.mjs --e2e      end-to-end tests only (browser and workbench)
//   extra arguments that are paths select those test files.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const explicit = args.filter((a) => !a.startsWith('--'));

function walk(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const all = [...walk('src'), ...walk('test')].sort();
const kind = (f) => (f.includes('/parity/') ? 'parity' : f.includes('/e2e/') ? 'e2e' : 'unit');
let files;
if (explicit.length) files = explicit;
else if (flags.has('--unit')) files = all.filter((f) => kind(f) === 'unit');
else if (flags.has('--parity')) files = all.filter((f) => kind(f) === 'parity');
else if (flags.has('--e2e')) files = all.filter((f) => kind(f) === 'e2e');
else files = all;

if (files.length === 0) {
  console.error('run-tests: no test files selected');
  process.exit(1);
}
mkdirSync('.test-output', { recursive: true });
const tapFile = `.test-output/results-${process.pid}.tap`;
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
  // GAN_LENS_TEST_RUN: one id per run, so the workbench e2e files package the .vsix once between them.
  { stdio: 'inherit', env: { ...process.env, GAN_LENS_TEST: '1', GAN_LENS_TEST_RUN: `${process.pid}-${Date.now()}` } },
);
const tap = readFileSync(tapFile, 'utf8');
rmSync(tapFile, { force: true });
const count = (key) => Number((tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
console.log(`\n${count('pass')} passed, ${count('fail')} failed, ${count('skipped') + count('todo')} skipped`);
process.exit(res.status ?? 1);
