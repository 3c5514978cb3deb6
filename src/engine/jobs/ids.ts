import { randomUUID } from 'node:crypto';

/** Job ids are opaque strings; a short prefix says what kind of job it is in logs. */
export function newJobId(kind: string): string {
  return `${kind}-${randomUUID().slice(0, 8)}`;
}
