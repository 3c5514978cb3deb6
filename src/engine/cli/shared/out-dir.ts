/**
 * Checks every `--out` folder before a command starts: an existing file in the way, a parent that is a file, or a
 * place no folder can be made (/proc, /sys, /dev, where mkdir may never return or fail obscurely, or a folder that
 * is not writable) is bad input naming the path, found before any work or any mkdir.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { badInput } from '../../util/errors';

const VIRTUAL = ['/proc', '/sys', '/dev'];

/** The values of `--out X` and `--out=X` in argv. */
function outFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    if (a === '--out' && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out.push(argv[i + 1]!);
    else if (a.startsWith('--out=')) out.push(a.slice('--out='.length));
  });
  return out;
}

function checkOutDir(value: string): void {
  if (value.trim() === '') throw badInput('--out is empty.', { hint: 'Pass the folder to write to.' });
  const path = resolve(value);
  if (VIRTUAL.some((v) => path === v || path.startsWith(`${v}${sep}`))) {
    throw badInput(`--out ${path} is inside ${VIRTUAL.find((v) => path === v || path.startsWith(`${v}${sep}`))}, a system folder where no output can be written.`, { file: path, hint: 'Pass a folder in your workspace or home.' });
  }
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw badInput(`--out ${path} is an existing file, not a folder.`, { file: path, hint: 'Pass a folder path (it is created if missing), or move the file away.' });
    return;
  }
  let parent = dirname(path);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  if (!statSync(parent).isDirectory()) {
    throw badInput(`--out ${path} cannot be created: ${parent} is a file, not a folder.`, { file: parent, hint: 'Pass a folder path whose parents are folders.' });
  }
  try {
    accessSync(parent, constants.W_OK | constants.X_OK);
  } catch {
    throw badInput(`--out ${path} cannot be created: ${parent} is not writable.`, { file: parent, hint: 'Pass a folder you may write to.' });
  }
}

/** Checks each `--out` of a command line; throws the first problem. */
export function checkOutFlags(argv: readonly string[]): void {
  for (const v of outFlags(argv)) checkOutDir(v);
}
