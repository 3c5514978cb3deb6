/** Where the built CLI is: sweep items run as `node <repo>/dist/cli.js sweep item RUN --index i`. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { badInput } from '../util/errors';

function repoRoot(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'gan-lens') return dir;
    if (dirname(dir) === dir) return null;
  }
}

export function builtCli(): string {
  const root = repoRoot(__dirname);
  const cli = root ? join(root, 'dist', 'cli.js') : join(__dirname, 'cli.js');
  if (!existsSync(cli)) {
    throw badInput(`Sweep items run the built command line ${cli}, which does not exist.`, { file: cli, hint: 'Build it first: npm run build' });
  }
  return cli;
}
