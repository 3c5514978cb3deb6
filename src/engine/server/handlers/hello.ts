import { PROTOCOL_VERSION, type HelloParams, type HelloResult } from '../../protocol/engine';
import type { EngineState } from '../state';
import { ENGINE_VERSION } from '../version';
import { log } from '../log';

export function hello(state: EngineState) {
  return async (params: HelloParams): Promise<HelloResult> => {
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
