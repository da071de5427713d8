import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { Lifecycle } from 'readygraph';
import { createContainer } from '../src/app/createContainer.js';
import { RuntimeHealth } from '../src/app/RuntimeHealth.js';
import { freePorts } from '../src/machinery/cluster/freePorts.js';
import { PeerIndex } from '../src/storage/PeerIndex.js';
import { defer } from './support/defer.js';
import { tempDir } from './support/tempDir.js';
import { testKeys, testSecret } from './support/writeNodeConfig.js';

void test('the deferred PeerIndex does not hold the start back: the controller is ready while it still waits, and it warms right after', { timeout: 30_000 }, async (t) => {
  const [port = 0] = await freePorts(1);
  const dir = await tempDir(t);
  const config = { id: 'ctrl-1', dataDir: join(dir, 'ctrl-1'), web: { bind: { host: '127.0.0.1', port } }, cluster: { secret: testSecret, privateKey: testKeys('ctrl-1').privateKey } };
  const container = createContainer({ config: { value: config }, logger: pino({ level: 'silent' }), health: new RuntimeHealth() });
  const lifecycle = new Lifecycle(container);
  defer(t, async () => lifecycle.stop().catch(() => undefined));
  let atReady: string | undefined;
  lifecycle.on('ready', () => (atReady = lifecycle.status().services.find((service) => service.name === 'PeerIndex')?.state));
  await lifecycle.start();
  assert.equal(atReady, 'deferred', 'ready (and /readyz 200) came before the deferred index started');
  await lifecycle.whenReady(PeerIndex);
  assert.equal(container.get(PeerIndex).size, 0, 'a fresh controller has heard from no peer');
  assert.ok(lifecycle.report().settledAtMs !== undefined);
});
