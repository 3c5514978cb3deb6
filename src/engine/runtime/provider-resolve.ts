/** The process-wide provider selector: onnxruntime is probed once per process and the answers are cached. */
import { createProviderSelector, type ProviderProbes, type ProviderSelector } from './provider-select';
import { ortProbes } from './provider-probes';
import type { ProviderChoice, ProviderStatus } from './providers';

let selector: ProviderSelector = createProviderSelector(ortProbes);

export function resolveProvider(choice: ProviderChoice): Promise<ProviderStatus> {
  return selector.select(choice);
}

/** Replaces the probes (tests; a benchmark forcing a provider) and forgets earlier answers. */
export function useProviderProbes(probes: ProviderProbes = ortProbes): void {
  selector = createProviderSelector(probes);
}
