import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineClient } from '../../src/extension/engine/client';
import { HelloRequest, PROTOCOL_VERSION } from '../../src/protocol/engine';
import { ENGINE_MAIN } from './engine-harness';

test('an engine that stops answering (SIGSTOP) misses a heartbeat: it is killed, the user is told why, and the next request restarts it', async () => {
  const crashes: string[] = [];
  const client = new EngineClient({
    launch: { command: process.execPath, args: ['--import', 'tsx', ENGINE_MAIN] },
    onLog: () => undefined,
    onCrash: (m) => crashes.push(m),
    heartbeat: { intervalMs: 200, timeoutMs: 1500 },
  });
  try {
    const first = await client.request(HelloRequest, { protocolVersion: PROTOCOL_VERSION });
    process.kill(first.pid, 'SIGSTOP');
    for (let i = 0; i < 100 && crashes.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(crashes.length, 1);
    assert.match(crashes[0]!, /missed a heartbeat: no answer to engine\/hello within 1\.5 s/);
    const second = await client.request(HelloRequest, { protocolVersion: PROTOCOL_VERSION });
    assert.notEqual(second.pid, first.pid);
    assert.equal(crashes.length, 1);
  } finally {
    client.dispose();
  }
});
