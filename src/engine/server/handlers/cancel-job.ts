import type { CancelJobParams, CancelJobResult } from '../../../protocol/engine';
import type { EngineState } from '../state';
import { requiredString } from '../features/guards';

export function cancelJob(state: EngineState) {
  return async (params: CancelJobParams): Promise<CancelJobResult> => ({ cancelled: state.jobs.cancel(requiredString('job/cancel', 'jobId', params.jobId)) });
}
