/** Finds out which execution provider really loads (probed once per process), for the status bar and the log. */
import { clearSessionCache } from '../runtime/session';
import { resolveProvider } from '../runtime/provider-resolve';
import { onProviderNotice } from '../runtime/provider-notice';
import type { ProviderChoice, ProviderStatus } from '../runtime/providers';
import { log } from './log';

let routed = false;

export async function probeProvider(choice: ProviderChoice): Promise<ProviderStatus> {
  if (!routed) {
    // Per-session fallbacks (a graph with nodes the GPU provider cannot run) go to the engine's log.
    onProviderNotice((line) => log('warn', `execution provider: ${line}`));
    routed = true;
  }
  await clearSessionCache();
  return resolveProvider(choice);
}
