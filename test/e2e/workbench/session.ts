/** What every workbench e2e file does first: check the setup, package the .vsix (once per test run), install it into a fresh code-server state. */
import { mkdirSync } from 'node:fs';
import { OUTPUT, requireSetup } from './env';
import { resetState } from './code-server';
import { installVsix, packageVsix } from './vsix';

/** Returns the installed extension's folder. */
export function prepareWorkbench(): string {
  requireSetup();
  mkdirSync(OUTPUT, { recursive: true });
  packageVsix();
  resetState();
  return installVsix();
}
