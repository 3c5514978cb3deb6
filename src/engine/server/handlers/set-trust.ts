import type { SetTrustParams } from '../../../protocol/engine';
import type { EngineState } from '../state';
import { log } from '../log';
import { isAbsolute, resolve } from 'node:path';
import { requiredBoolean } from '../features/guards';
import { badInput } from '../../util/errors';

export function setTrust(state: EngineState) {
  return async (params: SetTrustParams): Promise<void> => {
    state.trusted = requiredBoolean('engine/setTrust', 'trusted', params.trusted);
    if (params.roots !== undefined) {
      if (!Array.isArray(params.roots) || params.roots.some((r) => typeof r !== 'string' || !isAbsolute(r))) {
        throw badInput("engine/setTrust: 'roots' must be a list of absolute folder paths.");
      }
      state.roots = params.roots.map((r) => resolve(r));
    }
    if (!state.trusted) state.jobs.cancelAll();
    log('info', state.trusted ? 'workspace trusted: models may run' : 'restricted mode: structure only, nothing runs');
  };
}
