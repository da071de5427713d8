import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { createProbeHandler, Lifecycle } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { flush } from '../support/ManualClock.js';
import { bindAll, deferred, defineService } from '../support/services.js';

async function serveProbes(lifecycle: Lifecycle, options?: Parameters<typeof createProbeHandler>[1]): Promise<{ status: (path: string) => Promise<number>; close: () => void }> {
  const server = createServer(createProbeHandler(lifecycle, options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { status: async (path) => (await fetch(`${base}${path}`)).status, close: () => server.close() };
}

describe('probes after start', () => {
  it('/readyz is 200 only while the lifecycle is ready: an unready service makes it 503 (degraded), ready() makes it 200 again', async () => {
    const db = new Contexts();
    const Db = defineService('Db', { onReady: db.onReady });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    const probes = await serveProbes(lifecycle);
    try {
      await lifecycle.start();
      assert.equal(await probes.status('/readyz'), 200);
      db.last.unready('connection lost');
      assert.equal(lifecycle.state, 'degraded');
      assert.equal(await probes.status('/readyz'), 503);
      assert.equal(await probes.status('/livez'), 200, 'a degraded lifecycle is alive');
      assert.equal(await probes.status('/startupz'), 200, 'it did start');
      db.last.ready();
      assert.equal(await probes.status('/readyz'), 200);
      await lifecycle.stop();
    } finally {
      probes.close();
    }
  });

  it('with readiness targets, /readyz is 200 whenever those targets are available, also while the rest is still starting; 503 from the moment a stop begins', async () => {
    const slow = deferred();
    const Web = defineService('Web', { onReady: () => undefined });
    const Raft = defineService('Raft', { onReady: () => slow.promise });
    const container = new Container();
    bindAll(container, Web, Raft);
    const lifecycle = new Lifecycle(container);
    const probes = await serveProbes(lifecycle, { readiness: [Web] });
    try {
      const started = lifecycle.start();
      await flush();
      assert.equal(lifecycle.state, 'starting');
      assert.equal(await probes.status('/readyz'), 200, 'Web is available although Raft still starts');
      assert.equal(await probes.status('/startupz'), 503);
      slow.resolve();
      await started;
      const stopping = lifecycle.stop();
      assert.equal(await probes.status('/readyz'), 503);
      await stopping;
    } finally {
      probes.close();
    }
  });

  it('a readiness target that is neither bound nor a layer is refused when the probes are made', () => {
    const lifecycle = new Lifecycle(new Container());
    assert.throws(() => createProbeHandler(lifecycle, { readiness: [Symbol('nowhere')] }), { code: 'ERR_READYGRAPH_USAGE' });
  });
});
