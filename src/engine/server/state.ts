/** What one engine process remembers between requests. */
import { JobRunner } from '../jobs/runner';
import type { ProviderChoice, ProviderStatus } from '../runtime/providers';
import type { SessionOptions } from '../runtime/session';
import { WarmReconstructors } from './features/warm-reconstructors';
import { PaintSessions } from './features/paint-sessions';

export interface EngineState {
  provider: ProviderChoice;
  /** ganLens.memoryBudgetGB; undefined: automatic. */
  memoryBudgetGB?: number;
  /** Known after the first session or an explicit engine/setProvider; CPU until then. */
  providerStatus: ProviderStatus;
  /** Untrusted workspace: the engine reads model structure but runs nothing (no onnxruntime sessions on user models). */
  trusted: boolean;
  /** Folders config paths must lie in (engine/setTrust roots); undefined: anywhere. */
  roots?: string[];
  jobs: JobRunner;
  /** The gallery's warm stitch reconstructors, per run folder and provider. */
  reconstructors: WarmReconstructors;
  paintSessions: PaintSessions;
}

/** Session options of a job: the chosen provider and memory budget. */
export function jobSession(state: EngineState): SessionOptions {
  return { provider: state.provider, ...(state.memoryBudgetGB !== undefined ? { memoryBudgetGB: state.memoryBudgetGB } : {}) };
}

export function createEngineState(): EngineState {
  const state: EngineState = {
    provider: 'cpu',
    providerStatus: { active: 'cpu', requested: 'cpu', reason: '' },
    // Untrusted until the host says otherwise (engine/setTrust): a host that never sends it runs nothing.
    trusted: false,
    jobs: new JobRunner(),
    reconstructors: new WarmReconstructors(() => state.provider),
    paintSessions: new PaintSessions(),
  };
  return state;
}
