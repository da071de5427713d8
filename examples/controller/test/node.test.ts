import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import type { NodeEvent } from '../src/app/NodeEvent.js';
import { freePorts } from '../src/machinery/cluster/freePorts.js';
import { NodeProcess } from '../src/machinery/cluster/NodeProcess.js';
import { defer } from './support/defer.js';
import { tempDir } from './support/tempDir.js';
import { httpPost, peerAs } from '../src/machinery/chaos/peerAs.js';
import { testKeys, testSecret, writeNodeConfig } from './support/writeNodeConfig.js';

/**
 * Starts a controller process that is stopped (SIGKILL as a last resort) when the test ends, before its temporary
 * directory is removed.
 */
function startNode(t: TestContext, id: string, configFile: string): NodeProcess {
  const node = new NodeProcess(id, ['--config', configFile]);
  defer(t, async () => node.stop('SIGTERM').catch(() => undefined));
  return node;
}

const is =
  <T extends NodeEvent['type']>(type: T, name?: string) =>
  (event: NodeEvent): event is Extract<NodeEvent, { type: T }> =>
    event.type === type && (name === undefined || ('name' in event && event.name === name));

const namesOf = (events: readonly NodeEvent[], type: NodeEvent['type']) => events.flatMap((event) => (event.type === type && 'name' in event ? [event.name] : []));

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  await response.arrayBuffer();
  return response.status;
}

describe('a controller process', () => {
  void test('refuses a bad configuration file, naming the field, and exits 1', async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ id: 'ctrl-1', dataDir: dir, web: { bind: { port: 'http' } }, cluster: { secret: testSecret } }));
    const node = startNode(t, 'ctrl-1', file);
    const exit = await node.exited;
    assert.equal(exit.code, 1);
    assert.match(node.stderr, /web\.bind\.port: .*expected number/);
    const failed = node.events.find(is('service:failed', 'Config'));
    assert.ok(failed, 'the Config service reports the failure');
    assert.equal(node.events.find(is('service:starting', 'XWeb')), undefined, 'nothing after the configuration starts');
  });

  void test('/readyz is 503 until the controller is ready, then 200; bad peer input is refused and it keeps running', async (t) => {
    const dir = await tempDir(t);
    const [portA = 0, portB = 0] = await freePorts(2);
    const a = startNode(t, 'ctrl-a', await writeNodeConfig(dir, 'ctrl-a', portA, { 'ctrl-b': portB }));
    const base = `http://127.0.0.1:${portA}`;

    // The web layer listens, the mesh is up, but the bootstrapper waits for ctrl-b (a majority of two is two).
    await a.waitFor(is('service:ready', 'Mesh'));
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
    assert.equal((await fetch(`${base}/livez`)).status, 200);

    const hello = JSON.stringify({ id: 'ctrl-b', address: `127.0.0.1:${portB}`, apiAddresses: {} });
    const bearer = { authorization: `Bearer ${testSecret}` };
    assert.equal(await post(`${base}/mesh/v1/hello`, hello), 401, 'no secret');
    assert.equal(await post(`${base}/mesh/v1/hello`, hello, { authorization: 'Bearer wrong-secret' }), 401, 'wrong secret');
    /** Controller `from` (ctrl-b, the configured peer, unless said otherwise) on a session of its own with ctrl-a. */
    const as = (from = 'ctrl-b') => peerAs({ from, privateKey: testKeys(from).privateKey, to: 'ctrl-a', toPublicKey: testKeys('ctrl-a').publicKey, post: httpPost(() => base, testSecret) });
    assert.equal(await post(`${base}/mesh/v1/hello`, hello, bearer), 401, 'the secret without a signature');
    assert.equal(await post(`${base}/mesh/v1/hello`, '{"id":', bearer), 400, 'not JSON');
    const malformed = JSON.stringify({ id: 'ctrl-b', apiAddresses: [] });
    assert.equal((await as().send('hello', malformed)).status, 400, 'malformed hello');
    const stranger = JSON.stringify({ id: 'ctrl-x', address: '127.0.0.1:1', apiAddresses: {} });
    assert.equal((await as().send('hello', stranger)).status, 403, 'a hello for a stranger');
    assert.equal((await as('ctrl-x').send('hello', stranger)).status, 403, 'signed by a stranger');
    assert.equal(await post(`${base}/mesh/v1/hello`, JSON.stringify({ junk: 'x'.repeat(100_000) }), bearer), 413, 'oversized');
    assert.equal(await post(`${base}/mesh/v1/hello`, `{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}`, bearer), 400, 'deeply nested');
    assert.equal((await fetch(`${base}/livez`)).status, 200, 'still serving');
    assert.equal((await fetch(`${base}/readyz`)).status, 503, 'still not ready');
    assert.equal(a.exitStatus, undefined, 'still running');

    startNode(t, 'ctrl-b', await writeNodeConfig(dir, 'ctrl-b', portB, { 'ctrl-a': portA }));
    await a.waitFor(is('ready'));
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(await ready.text(), 'ok\n');
    const report = a.events.find(is('report'));
    assert.ok(report, 'the node prints its start-up report once ready');
    assert.deepEqual(report.report.services.map((service) => service.name).sort(), ['ClusterBootstrapper', 'Config', 'Mesh', 'PeerIndex', 'RaftNode', 'Storage', 'XWeb']);
    assert.ok(report.report.criticalPath.includes('ClusterBootstrapper'), 'the bootstrapper, waiting for ctrl-b, decided the start-up time');
    assert.ok(report.svgFile !== undefined && (await readFile(report.svgFile, 'utf8')).startsWith('<svg'), 'and writes its SVG waterfall');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    void test(`${signal} stops every service in reverse order, closes the HTTP server and exits 0`, async (t) => {
      const dir = await tempDir(t);
      const [port = 0] = await freePorts(1);
      // A controller alone (minClusterSize 1) becomes ready without peers: it is its own Raft majority.
      const file = await writeNodeConfig(dir, 'ctrl-solo', port, {});
      const node = startNode(t, 'ctrl-solo', file);
      await node.waitFor(is('ready'));
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);

      const exit = await node.stop(signal);
      assert.deepEqual(exit, { code: 0, signal: null });
      const readyOrder = namesOf(node.events, 'service:ready');
      // PeerIndex is deferred: it becomes ready after the start resolved, after everything else.
      assert.deepEqual(readyOrder, ['Config', 'Storage', 'XWeb', 'Mesh', 'ClusterBootstrapper', 'RaftNode', 'PeerIndex']);
      assert.deepEqual(namesOf(node.events, 'service:stopped'), [...readyOrder].reverse());
      const closed = node.events.findIndex(is('web:closed'));
      assert.ok(closed > node.events.findIndex(is('service:stopped', 'Mesh')) && closed < node.events.findIndex(is('service:stopped', 'XWeb')));
      await assert.rejects(fetch(`http://127.0.0.1:${port}/livez`), 'nothing listens any more');
    });
  }

  void test('a signal during start-up aborts it cleanly and exits 0', async (t) => {
    const dir = await tempDir(t);
    const [port = 0, absentPeer = 0] = await freePorts(2);
    const node = startNode(t, 'ctrl-a', await writeNodeConfig(dir, 'ctrl-a', port, { 'ctrl-b': absentPeer }));
    await node.waitFor(is('service:starting', 'ClusterBootstrapper')); // waits for a peer that never comes
    const exit = await node.stop('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.deepEqual(namesOf(node.events, 'service:stopped'), ['Mesh', 'XWeb', 'Storage', 'Config']);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/livez`));
  });
});
