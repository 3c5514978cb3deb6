/**
 * The CLI's one mapping from the errors a user's paths and files cause (file-system codes, JSON that does not parse,
 * sizes too large to allocate) to bad input: a message naming the path and what to do, exit 2, never a stack trace.
 */
import { errorMessage } from '../../util/errors';

const FS: Record<string, { what: string; todo: string }> = {
  ENOENT: { what: 'does not exist', todo: 'Check the path (relative paths resolve against the current folder or the config file).' },
  EISDIR: { what: 'is a folder where a file was expected', todo: 'Pass the path of a file.' },
  ENOTDIR: { what: 'has a file where a folder was expected (in the path itself or one of its parents)', todo: 'Pass a folder path whose parents are folders.' },
  EEXIST: { what: 'already exists and is in the way', todo: 'Pass another path, or remove what is there.' },
  EPERM: { what: 'cannot be written or read (operation not permitted)', todo: 'Pass a path in a folder you may write to.' },
  EACCES: { what: 'cannot be written or read (permission denied)', todo: 'Pass a path in a folder you may write to, or fix its permissions.' },
  EROFS: { what: 'is on a read-only file system', todo: 'Pass a path on a writable disk.' },
  ENOSPC: { what: 'cannot be written: the disk is full', todo: 'Free some space or pass a path on another disk.' },
  ENAMETOOLONG: { what: 'is too long a path', todo: 'Pass a shorter path.' },
  ELOOP: { what: 'has a loop of symbolic links', todo: 'Pass a path without the link loop.' },
};

/** A user-facing message for `e` when it is a user's mistake rather than a bug; null otherwise. */
export function describeUserError(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const fs = err.code ? FS[err.code] : undefined;
  if (fs && (typeof err.path === 'string' || typeof err.dest === 'string')) {
    const path = err.path ?? err.dest ?? '';
    return `${path} ${fs.what} (${err.code}${err.syscall ? ` in ${err.syscall}` : ''}).\n  → ${fs.todo}`;
  }
  if (e instanceof SyntaxError && /JSON/.test(e.message)) {
    return `A JSON file could not be read: ${e.message}.\n  → Check the JSON files you passed (--config, palettes, run folders); one is damaged or cut short.`;
  }
  if (e instanceof RangeError && /Invalid (typed )?array length|Array buffer allocation failed|Invalid string length/.test(e.message)) {
    return `A size is too large to allocate (${e.message}).\n  → Lower the sizes in the config or flags (batch sizes, image sizes, latent shapes, counts).`;
  }
  if (err.code === 'ERR_INVALID_ARG_TYPE' || err.code === 'ERR_INVALID_ARG_VALUE') {
    return `A value has the wrong type: ${errorMessage(e)}.\n  → Check the files and flags you passed against the command's --help and docs/config.md.`;
  }
  return null;
}

/** Writes to a closed pipe (`gan-lens layers … | head`) end the command quietly with exit 0. */
export function quietOnBrokenPipe(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}
