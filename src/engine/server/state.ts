/** What one engine process remembers between requests. */
import { JobRunner } from '../jobs/runner';
import type { ProviderChoice, ProviderStatus } from '../runtime/providers';

export interface EngineState {
  provider: ProviderChoice;
  /** Known after the first session or an explicit engine/setProvider; CPU until then. */
  providerStatus: ProviderStatus;
  /** Untrusted workspace: the engine reads model structure but runs nothing (no onnxruntime sessions on user models). */
  trusted: boolean;
  jobs: JobRunner;
}

export function createEngineState(): EngineState {
  return {
    provider: 'cpu',
    providerStatus: { active: 'cpu', requested: 'cpu', reason: '' },
    trusted: true,
    jobs: new JobRunner(),
  };
}
