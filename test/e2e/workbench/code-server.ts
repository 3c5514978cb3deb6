/**
 * Starts code-server (the VS Code workbench from npm) on Node 24, on loopback with a free port and all state under
 * .e2e-work/state; stops it by killing its whole process group, also when a test fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER, NODE24_BIN, STATE, WORK } from './env';

export interface CodeServer {
  url: string;
  pid: number;
  log: string;
  stop(): Promise<void>;
}

function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(STATE, 'xdg-config'),
    XDG_DATA_HOME: join(STATE, 'xdg-data'),
    XDG_CACHE_HOME: join(STATE, 'xdg-cache'),
    TMPDIR: join(STATE, 'tmp'),
    GAN_LENS_TEST: undefined,
  };
}

function baseArgs(): string[] {
  return [
    CODE_SERVER,
    '--config', join(STATE, 'cs-config.yaml'),
    '--user-data-dir', join(STATE, 'user-data'),
    '--extensions-dir', join(STATE, 'extensions'),
  ];
}

/** Fresh state: settings that hide the Welcome tab and chat, no previous window or extension. */
export function resetState(): void {
  rmSync(STATE, { recursive: true, force: true });
  for (const d of ['xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'user-data/User', 'extensions']) mkdirSync(join(STATE, d), { recursive: true });
  writeFileSync(
    join(STATE, 'user-data/User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'git.openRepositoryInParentFolders': 'never',
      'ganLens.executionProvider': 'cpu',
      // "Invert This Layer…" › "Stitch: train now" trains this briefly in the e2e (the CI time budget)
      'ganLens.stitch.quickEpochs': 1,
      'ganLens.stitch.quickSamples': 32,
      'ganLens.stitch.quickValidationImages': 8,
      'ganLens.gallery.images': 4,
    }),
  );
}

export function installExtension(vsix: string): string {
  const res = spawnSync(join(NODE24_BIN, 'node'), [...baseArgs(), '--install-extension', vsix], { env: env(), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

export async function startCodeServer(timeoutMs = 60_000): Promise<CodeServer> {
  const log = join(WORK, 'cs.log');
  const fd = openSync(log, 'w');
  const child = spawn(
    join(NODE24_BIN, 'node'),
    [
      ...baseArgs(),
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0',
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-update-check',
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    { env: env(), stdio: ['ignore', fd, fd], detached: true }, // detached: its own process group (setsid)
  );
  closeSync(fd);
  const pid = child.pid!;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stopSync);
    await killGroup(pid);
  };
  const stopSync = (): void => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', stopSync);
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(readFileSync(log, 'utf8'));
    if (m) return { url: m[1]!, pid, log, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`code-server did not start within ${timeoutMs} ms. Its log (${log}):\n${readFileSync(log, 'utf8').slice(-3000)}`);
}

async function killGroup(pid: number): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(-pid, 'SIGKILL');
}
