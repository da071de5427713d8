import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import { pino, type Logger } from 'pino';
import { Lifecycle, ReadyGraphError } from 'readygraph';
import { createContainer } from '../src/app/createContainer.js';
import { RuntimeHealth } from '../src/app/RuntimeHealth.js';
import { runNode } from '../src/app/runNode.js';
import { freePorts } from '../src/machinery/cluster/freePorts.js';
import { XWeb } from '../src/web/XWeb.js';
import { defer } from './support/defer.js';
import { tempDir } from './support/tempDir.js';
import { testKeys, testSecret } from './support/writeNodeConfig.js';

/** A one-controller cluster (it elects itself, so the whole controller runs in this process) whose log lines are kept. */
async function controller(t: TestContext): Promise<{ container: Container; lifecycle: Lifecycle; logger: Logger; lines: Array<Record<string, unknown>> }> {
  const [port = 0] = await freePorts(1);
  const dir = await tempDir(t);
  const config = { id: 'ctrl-1', dataDir: join(dir, 'ctrl-1'), web: { bind: { host: '127.0.0.1', port } }, cluster: { secret: testSecret, privateKey: testKeys('ctrl-1').privateKey } };
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const container = createContainer({ config: { value: config }, logger, health: new RuntimeHealth() });
  const lifecycle = new Lifecycle(container);
  defer(t, async () => lifecycle.stop().catch(() => undefined));
  return { container, lifecycle, logger, lines };
}

void test('a node whose web listener dies more often than its maxRestarts logs the gave-up error and exits 1', { timeout: 30_000 }, async (t) => {
  const { container, lifecycle, logger, lines } = await controller(t);

  // Each time the web layer is ready, its listener closes under it, as a listener that keeps dying would.
  const closeListener = (): void => void (container.get(XWeb) as unknown as { server: FastifyInstance }).server.server.close();
  lifecycle.on('service:ready', (event) => event.name === 'XWeb' && event.restart !== undefined && closeListener());

  const exits: number[] = [];
  const started = new Promise<void>((resolve) => lifecycle.on('ready', () => resolve()));
  runNode(lifecycle, logger, { stopRequested: () => false, exit: (code) => exits.push(code) });
  // After the start: a failure during the start is a failed start, not supervision.
  await started;
  closeListener();

  const stopped = await lifecycle.whenStopped().then(
    () => assert.fail('whenStopped() resolved although supervision gave up'),
    (error: unknown) => error,
  );
  assert.ok(stopped instanceof ReadyGraphError && stopped.code === 'ERR_READYGRAPH_GAVE_UP', `gave up: ${String(stopped)}`);
  await new Promise<void>((resolve) => setImmediate(resolve)); // runNode's own handler of the same rejection
  assert.deepEqual(exits, [1], 'the node exits 1 once, after supervision gave up');
  assert.equal(lifecycle.status().state, 'failed');
  const gaveUp = lines.filter((line) => line['type'] === 'gave-up');
  assert.equal(gaveUp.length, 1, 'one gave-up line');
  assert.equal(gaveUp[0]?.['level'], 50, 'logged at error');
  assert.equal(gaveUp[0]?.['code'], 'ERR_READYGRAPH_GAVE_UP');
  assert.equal(gaveUp[0]?.['service'], 'XWeb');
  assert.equal(gaveUp[0]?.['restarts'], 5, 'after its maxRestarts');
  assert.match(String(gaveUp[0]?.['error']), /XWeb/);
  assert.match(String(gaveUp[0]?.['error']), /closed on its own/, 'the reason: the last failure');
});

void test('a node stopped on request exits 0 and logs no gave-up line', { timeout: 20_000 }, async (t) => {
  const { lifecycle, logger, lines } = await controller(t);
  const exited = new Promise<number>((resolve) => {
    const { shutdown } = runNode(lifecycle, logger, { stopRequested: () => false, exit: resolve });
    void lifecycle.whenReady(XWeb).then(shutdown);
  });
  assert.equal(await exited, 0);
  await lifecycle.whenStopped();
  assert.deepEqual(lines.filter((line) => line['type'] === 'gave-up'), []);
  assert.equal(lifecycle.status().state, 'stopped');
});
