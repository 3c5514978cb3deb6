import type { SetTrustParams } from '../../protocol/engine';
import type { EngineState } from '../state';
import { log } from '../log';

export function setTrust(state: EngineState) {
  return async (params: SetTrustParams): Promise<void> => {
    state.trusted = params.trusted === true;
    if (!state.trusted) state.jobs.cancelAll();
    log('info', state.trusted ? 'workspace trusted: models may run' : 'restricted mode: structure only, nothing runs');
  };
}
