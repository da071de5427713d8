import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { Lifecycle, type LifecycleEvents } from 'readygraph';
import { createContainer } from '../src/app/createContainer.js';
import { RuntimeHealth } from '../src/app/RuntimeHealth.js';
import { freePorts } from '../src/machinery/cluster/freePorts.js';
import { XWeb } from '../src/web/XWeb.js';
import { defer } from './support/defer.js';
import { tempDir } from './support/tempDir.js';
import { testKeys, testSecret } from './support/writeNodeConfig.js';

void test('a web listener that dies on its own is a failure: the web layer restarts with backoff (the mesh with it) and serves again', { timeout: 20_000 }, async (t) => {
  const [port = 0] = await freePorts(1);
  const dir = await tempDir(t);
  // A one-controller cluster: it elects itself, so the whole controller runs in this process.
  const config = { id: 'ctrl-1', dataDir: join(dir, 'ctrl-1'), web: { bind: { host: '127.0.0.1', port } }, cluster: { secret: testSecret, privateKey: testKeys('ctrl-1').privateKey } };
  const container = createContainer({ config: { value: config }, logger: pino({ level: 'silent' }), health: new RuntimeHealth() });
  const lifecycle = new Lifecycle(container);
  defer(t, async () => lifecycle.stop());
  await lifecycle.start();

  const restarting: Array<LifecycleEvents['service:restarting']> = [];
  const restarted = new Promise<void>((resolve) =>
    lifecycle.on('service:restarting', (event) => {
      restarting.push(event);
      resolve();
    }),
  );
  const back = new Promise<LifecycleEvents['service:ready']>((resolve) => lifecycle.on('service:ready', (event) => event.name === 'XWeb' && resolve(event)));
  // The listener closes under the web layer, as a listener that dies would: nothing of the lifecycle asked for it.
  (container.get(XWeb) as unknown as { server: FastifyInstance }).server.server.close();
  await restarted;
  assert.deepEqual(
    restarting.map(({ name, attempt }) => [name, attempt]),
    [['XWeb', 1]],
    'a counted restart of the web layer',
  );
  assert.match(String(restarting[0]?.cause), /the listener on http:\/\/127\.0\.0\.1:\d+ closed on its own/);
  assert.ok((restarting[0]?.delayMs ?? 0) > 0, 'after a backoff delay');
  assert.equal((await back).restart, 1);
  await lifecycle.whenReady(XWeb);
  const services = lifecycle.status().services;
  assert.deepEqual(
    services.filter((service) => service.name === 'XWeb' || service.name === 'Mesh').map((service) => [service.name, service.state]),
    [
      ['XWeb', 'ready'],
      ['Mesh', 'ready'],
    ],
  );
  assert.equal((await fetch(`http://127.0.0.1:${port}/edge/management/v1/controllers`)).status, 200, 'listening again');
});
