/** A cross-process lock file (create-exclusive), so concurrent writers of one library take turns. */
import { closeSync, openSync, rmSync, statSync, writeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { badInput } from '../util/errors';

const STALE_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
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
        // A writer that crashed leaves its lock behind: take over old locks.
        if (Date.now() - statSync(lockFile).mtimeMs > STALE_MS) rmSync(lockFile, { force: true });
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
