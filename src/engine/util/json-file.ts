/** Reading a JSON file the user (or an earlier run) wrote: unreadable or corrupt files are bad input naming the file. */
import { readFileSync } from 'node:fs';
import { badInput, errorMessage } from './errors';

/**
 * Parses `file` as JSON. A missing file, a folder, or text that is not JSON (e.g. truncated by a crash) is a
 * bad-input error naming the file and `hint` (what to do). The value is returned unchecked: callers validate fields.
 */
export function readJsonFile(file: string, hint: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? errorMessage(e)})`;
    throw badInput(`${file} ${why}.`, { file, hint });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badInput(`${file} is not valid JSON (${errorMessage(e)}); it may have been cut short by a crash.`, { file, hint });
  }
}

/** A plain object (not null, not an array), for reading fields of parsed JSON without casts. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
