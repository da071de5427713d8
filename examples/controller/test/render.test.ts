import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEvent } from '../src/machinery/cluster/render.js';

void test('npm start prints readiness transitions live: unready with the reason, restarting with the attempt, ready again', () => {
  const lines = [
    describeEvent({ t: 1, type: 'service:unready', name: 'RaftNode', layer: 'consensus', reason: 'no leader' }),
    describeEvent({ t: 2, type: 'degraded', unavailable: ['RaftNode'] }),
    describeEvent({ t: 3, type: 'service:ready', name: 'RaftNode', layer: 'consensus', durationMs: 1200, recovered: true }),
    describeEvent({ t: 4, type: 'service:restarting', name: 'XWeb', layer: 'web', attempt: 2, delayMs: 400, cause: 'the listener on http://127.0.0.1:1 closed on its own' }),
    describeEvent({ t: 5, type: 'service:restarting', name: 'XWeb', layer: 'web', attempt: 0, delayMs: 0 }),
    describeEvent({ t: 6, type: 'service:ready', name: 'XWeb', layer: 'web', durationMs: 30, restart: 3 }),
    describeEvent({ t: 7, type: 'config:reload-failed', error: 'only the web and log sections can be reloaded' }),
  ];
  assert.deepEqual(lines, [
    'consensus/RaftNode UNREADY: no leader',
    'DEGRADED: RaftNode unavailable (/readyz 503)',
    'consensus/RaftNode READY again (unready for 1200 ms)',
    'web/XWeb RESTARTING (attempt 2, in 400 ms: the listener on http://127.0.0.1:1 closed on its own)',
    'web/XWeb RESTARTING (requested)',
    'web/XWeb READY again after restart 3 (30 ms)',
    'configuration reload REFUSED: only the web and log sections can be reloaded',
  ]);
});
