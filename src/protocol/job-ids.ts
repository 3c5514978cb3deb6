/** Job ids are opaque strings; a short prefix says what kind of job it is in logs. Host and engine both make them. */
export function newJobId(kind: string): string {
  return `${kind}-${globalThis.crypto.randomUUID().slice(0, 8)}`;
}
