// Runs every benchmark under bench/ (or those named on the command line). Benchmarks print ratios against a
// reference measured in the same run; they never fail on timing. bench/sweep.bench.ts runs the built dist/cli.js (npm run
// build first) and starts the local one-node Slurm (scripts/slurm/local-cluster.sh, as root) if it is not up.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const named = process.argv.slice(2);
const files = (named.length ? named : readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).map((f) => join('bench', f))).sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', f], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
