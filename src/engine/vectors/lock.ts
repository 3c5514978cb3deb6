/** A cross-process lock file (create-exclusive), so concurrent writers of one library take turns. */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { badInput } from '../util/errors';

const STALE_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Whether the process that wrote the lock (its PID is the file's first line) still runs on this machine. A lock
 * without a readable PID (its writer died between creating and writing it) counts as alive until it is stale.
 */
function ownerAlive(lockFile: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
  } catch {
    return true;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withLock<T>(lockFile: string, fn: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  mkdirSync(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        // A writer that crashed leaves its lock behind: take over a lock whose process is gone, or an old one.
        if (!ownerAlive(lockFile) || Date.now() - statSync(lockFile).mtimeMs > STALE_MS) rmSync(lockFile, { force: true });
      } catch {
        // Gone meanwhile: retry.
      }
      if (Date.now() > deadline) {
        throw badInput(`${lockFile} has been locked by another GAN Lens process for ${timeoutMs / 1000} s.`, {
          file: lockFile,
          hint: 'Wait for the other job to finish, or delete the lock file if no GAN Lens process is running.',
        });
      }
      await sleep(10 + Math.random() * 20);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
