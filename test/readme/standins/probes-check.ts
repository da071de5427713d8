// After the README's probes fragment: both probe servers answer /readyz with 200 once the lifecycle is ready, and 503
// from the moment its stop begins. The drain itself is not waited for: the README passes no `clock`, so it would take
// 5 s of real time (test/ops/probes.test.ts times drains on a ManualClock); the process exits once the drain began.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

async function readyz(): Promise<number[]> {
  const server = probeServers[0];
  assert.ok(server !== undefined, 'http.createServer was not called');
  if (!server.listening) await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const fromHttp = await fetch(`http://127.0.0.1:${String(port)}/readyz`);
  const fromFastify = await app.inject({ method: 'GET', url: '/readyz' });
  return [fromHttp.status, fromFastify.statusCode];
}

await lifecycle.start();
assert.deepEqual(await readyz(), [200, 200]);
void lifecycle.stop();
assert.deepEqual(await readyz(), [503, 503], 'readiness is withdrawn while the drain delay runs');
process.exit(0);
