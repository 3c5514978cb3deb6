import type { SetTrustParams } from '../../../protocol/engine';
import type { EngineState } from '../state';
import { log } from '../log';
import { requiredBoolean } from '../features/guards';

export function setTrust(state: EngineState) {
  return async (params: SetTrustParams): Promise<void> => {
    state.trusted = requiredBoolean('engine/setTrust', 'trusted', params.trusted);
    if (!state.trusted) state.jobs.cancelAll();
    log('info', state.trusted ? 'workspace trusted: models may run' : 'restricted mode: structure only, nothing runs');
  };
}
