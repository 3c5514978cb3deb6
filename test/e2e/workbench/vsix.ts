/** Builds the .vsix exactly as users get it (npm run package) and installs it into the workbench. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, STATE } from './env';
import { installExtension } from './code-server';

export const VSIX = join(REPO, 'gan-lens.vsix');

/**
 * `npm run package` (~1 min). Within one test run (scripts/run-tests.mjs sets GAN_LENS_TEST_RUN) the first e2e file
 * packages and the others reuse that .vsix; a file run on its own always packages.
 */
export function packageVsix(): void {
  const run = process.env.GAN_LENS_TEST_RUN;
  const marker = `${VSIX}.run`;
  if (run && existsSync(VSIX) && existsSync(marker) && readFileSync(marker, 'utf8') === run) return;
  const res = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.status !== 0 || !existsSync(VSIX)) {
    throw new Error(`npm run package failed (exit ${res.status}):\n${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`);
  }
  if (run) writeFileSync(marker, run);
}

/** Installs the .vsix and returns the folder of the installed extension (used as extensionDevelopmentPath). */
export function installVsix(): string {
  installExtension(VSIX);
  const dir = join(STATE, 'extensions');
  const installed = readdirSync(dir).filter((d) => d.startsWith('gan-lens.gan-lens-') && statSync(join(dir, d)).isDirectory());
  if (installed.length !== 1) throw new Error(`Expected one installed gan-lens extension in ${dir}, found: ${installed.join(', ') || 'none'}`);
  return join(dir, installed[0]!);
}
