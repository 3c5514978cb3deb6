/**
 * One-line notices about providers (fallbacks, nodes placed on the CPU). The engine process routes them to its log;
 * with no listener they go to stderr, so the CLI shows them too.
 */
export type ProviderNoticeListener = (line: string) => void;

const listeners = new Set<ProviderNoticeListener>();

export function onProviderNotice(listener: ProviderNoticeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function providerNotice(line: string): void {
  if (listeners.size === 0) {
    process.stderr.write(`gan-lens: ${line}\n`);
    return;
  }
  for (const l of listeners) l(line);
}
