/** Builds the .vsix exactly as users get it (npm run package) and installs it into the workbench. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, STATE } from './env';
import { installExtension } from './code-server';

export const VSIX = join(REPO, 'gan-lens.vsix');

export function packageVsix(): void {
  const res = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.status !== 0 || !existsSync(VSIX)) {
    throw new Error(`npm run package failed (exit ${res.status}):\n${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`);
  }
}

/** Installs the .vsix and returns the folder of the installed extension (used as extensionDevelopmentPath). */
export function installVsix(): string {
  installExtension(VSIX);
  const dir = join(STATE, 'extensions');
  const installed = readdirSync(dir).filter((d) => d.startsWith('gan-lens.gan-lens-') && statSync(join(dir, d)).isDirectory());
  if (installed.length !== 1) throw new Error(`Expected one installed gan-lens extension in ${dir}, found: ${installed.join(', ') || 'none'}`);
  return join(dir, installed[0]!);
}
