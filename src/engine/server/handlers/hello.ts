import { PROTOCOL_VERSION, type HelloParams, type HelloResult } from '../../../protocol/engine';
import type { EngineState } from '../state';
import { ENGINE_VERSION } from '../version';
import { log } from '../log';
import { optionalInt } from '../features/guards';
import { badInput } from '../../util/errors';

export function hello(state: EngineState) {
  return async (params: HelloParams): Promise<HelloResult> => {
    optionalInt('engine/hello', 'protocolVersion', params.protocolVersion, 0, Number.MAX_SAFE_INTEGER);
    if (params.protocolVersion === undefined || params.protocolVersion === null) throw badInput(`engine/hello needs the host's 'protocolVersion' (a whole number; the engine speaks ${PROTOCOL_VERSION}).`);
    if (params.protocolVersion !== PROTOCOL_VERSION) {
      log('warn', `host speaks protocol ${params.protocolVersion}, engine speaks ${PROTOCOL_VERSION}`);
    }
    return {
      protocolVersion: PROTOCOL_VERSION,
      engineVersion: ENGINE_VERSION,
      pid: process.pid,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      provider: state.providerStatus,
      canRun: state.trusted,
    };
  };
}
