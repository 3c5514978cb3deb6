import type { CancelJobParams, CancelJobResult } from '../../protocol/engine';
import type { EngineState } from '../state';

export function cancelJob(state: EngineState) {
  return async (params: CancelJobParams): Promise<CancelJobResult> => ({ cancelled: state.jobs.cancel(String(params.jobId)) });
}
