import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import { pino } from 'pino';
import { Lifecycle, readygraphProbes, type OnReady } from 'readygraph';
import { handWrittenProbes } from '../race/handWrittenProbes.js';
import { RuntimeHealth } from '../src/app/RuntimeHealth.js';
import type { RuntimeStatus } from '../src/app/RuntimeStatus.js';
import { parseHello } from '../src/mesh/parseHello.js';
import { connect } from 'node:net';
import { RaftGateway, type ReplicatedServices } from '../src/consensus/RaftGateway.js';
import { PeerEndpoint } from '../src/mesh/PeerEndpoint.js';
import { PeerKeys } from '../src/mesh/PeerKeys.js';
import { buildWebServer, type WebServerOptions } from '../src/web/buildWebServer.js';
import { signedAs, testKeys } from './support/writeNodeConfig.js';

const secret = 'the-cluster-secret-0123456789';
const auth = { authorization: `Bearer ${secret}` };
/** ctrl-1, the server under test, knows ctrl-2 and ctrl-3 by their public keys. */
const peerKeys = new PeerKeys({ id: 'ctrl-1', privateKey: testKeys('ctrl-1').privateKey, peers: ['ctrl-2', 'ctrl-3'].map((id) => ({ id, publicKey: testKeys(id).publicKey })) });
/** The headers of a hello `body` from ctrl-2 to ctrl-1: the secret and ctrl-2's signature. */
const fromCtrl2 = (body: string, type = 'hello') => ({ ...auth, 'content-type': 'application/json', ...signedAs('ctrl-2', 'ctrl-1', type, body) });
const hello = { id: 'ctrl-2', address: '127.0.0.1:1281', apiAddresses: { 'edge-management': [{ url: 'http://127.0.0.1:1281/edge/management/v1', version: 'v1' }] } };

/** A runtime that is always ready (with the plainest probes), for the tests that are not about health. */
function readyHealth(): RuntimeHealth {
  const health = new RuntimeHealth();
  const status = () => ({ state: 'ready', services: [] });
  health.attach({ start: async () => undefined, stop: async () => undefined, status, report: () => ({ state: 'ready', totalMs: 0, services: [], criticalPath: [], slowest: [] }) }, async (server) => {
    await server.register(handWrittenProbes, { status });
  });
  return health;
}

async function serverFor(t: TestContext, options: { health?: RuntimeHealth; withHelloHandler?: boolean; web?: Partial<WebServerOptions> } = {}) {
  const received: unknown[] = [];
  const senders: string[] = [];
  const endpoint = new PeerEndpoint();
  if (options.withHelloHandler ?? true) {
    endpoint.handle('hello', (body, sender) => {
      received.push(parseHello(body, ['ctrl-2', 'ctrl-3']));
      senders.push(sender);
      return { id: 'ctrl-1', address: '127.0.0.1:1280', apiAddresses: {} };
    });
  }
  const server = await buildWebServer({
    secret,
    health: options.health ?? readyHealth(),
    controllers: () => [{ id: 'ctrl-1', isSelf: true }],
    peerEndpoint: endpoint,
    peerKeys,
    logger: pino({ level: 'silent' }),
    bodyLimit: 4 * 1024,
    ...options.web,
  });
  t.after(async () => server.close());
  return { server, received, senders };
}

/** POSTs a hello body (text, sent as is) signed by ctrl-2. */
async function postHello(server: Awaited<ReturnType<typeof serverFor>>['server'], payload: unknown) {
  const body = JSON.stringify(payload);
  return server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: fromCtrl2(body), payload: body });
}

describe('web server: health endpoints', () => {
  void test('readygraph probes: /readyz is 503 while starting, 200 when ready, 503 from the moment a stop begins; /livez 200', async (t) => {
    let release = () => {};
    @injectable('Singleton')
    class Gate implements OnReady {
      public async onReady(): Promise<void> {
        await new Promise<void>((resolve) => (release = resolve));
      }
    }
    const container = new Container();
    container.bind(Gate).toSelf();
    const lifecycle = new Lifecycle(container);
    const health = new RuntimeHealth();
    health.attach(lifecycle, async (server, { drainDelayMs }) => {
      await server.register(readygraphProbes, { lifecycle, drainDelayMs });
    });
    const { server } = await serverFor(t, { health });
    const starting = lifecycle.start();
    assert.equal((await server.inject({ url: '/readyz' })).statusCode, 503);
    assert.equal((await server.inject({ url: '/startupz' })).statusCode, 503);
    assert.equal((await server.inject({ url: '/livez' })).statusCode, 200);
    release();
    await starting;
    const ready = await server.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.body, 'ok\n');
    assert.match((await server.inject({ url: '/readyz?verbose' })).body, /\[\+\]Gate ready/);
    const healthChecks = await server.inject({ url: '/health-checks' });
    assert.equal(healthChecks.statusCode, 200);
    assert.equal(healthChecks.json<RuntimeStatus>().state, 'ready');
    const stopping = lifecycle.stop();
    assert.equal((await server.inject({ url: '/readyz' })).statusCode, 503);
    await stopping;
    assert.equal((await server.inject({ url: '/livez' })).statusCode, 200, 'a stopped lifecycle has not failed');
  });

  void test('the race demo’s runtime keeps the original’s hand-written /readyz', async (t) => {
    let state = 'starting';
    const health = new RuntimeHealth();
    const status = () => ({ state, services: [] });
    health.attach({ start: async () => undefined, stop: async () => undefined, status, report: () => ({ state: 'idle', totalMs: 0, services: [], criticalPath: [], slowest: [] }) }, async (server) => {
      await server.register(handWrittenProbes, { status });
    });
    const { server } = await serverFor(t, { health });
    assert.equal((await server.inject({ url: '/readyz' })).statusCode, 503);
    state = 'ready';
    assert.equal((await server.inject({ url: '/readyz' })).statusCode, 200);
  });

  void test('the management API lists the controllers', async (t) => {
    const { server } = await serverFor(t);
    const response = await server.inject({ url: '/edge/management/v1/controllers' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { data: [{ id: 'ctrl-1', isSelf: true }], meta: { count: 1 } });
  });
});

describe('web server: the peer endpoint refuses bad peer input', () => {
  void test('a peer request without the cluster secret is 401, and its body is not handled', async (t) => {
    const { server, received } = await serverFor(t);
    const response = await server.inject({ method: 'POST', url: '/mesh/v1/hello', payload: hello });
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Bearer');
    assert.deepEqual(received, []);
  });

  void test('a peer request with a wrong secret is 401', async (t) => {
    const { server } = await serverFor(t);
    for (const authorization of [`Bearer ${secret}x`, secret, 'Bearer ', `Basic ${secret}`]) {
      const response = await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: { authorization }, payload: hello });
      assert.equal(response.statusCode, 401, authorization);
    }
  });

  void test('a well-formed hello with the secret, signed by its sender, is handled and answered', async (t) => {
    const { server, received, senders } = await serverFor(t);
    const response = await postHello(server, hello);
    assert.equal(response.statusCode, 200);
    assert.equal(response.json<{ id: string }>().id, 'ctrl-1');
    assert.deepEqual(received, [hello]);
    assert.deepEqual(senders, ['ctrl-2'], 'the handler learns who signed it');
  });

  void test('peers authenticate as themselves: unsigned, badly signed or re-signed messages are 401, an unknown signer 403', async (t) => {
    const { server, received } = await serverFor(t);
    const body = JSON.stringify(hello);
    const post = async (headers: Record<string, string>, payload = body) => (await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: { ...auth, 'content-type': 'application/json', ...headers }, payload })).statusCode;
    assert.equal(await post({}), 401, 'no signature: the secret alone no longer says who speaks');
    const byCtrl3 = signedAs('ctrl-3', 'ctrl-1', 'hello', body);
    assert.equal(await post({ ...byCtrl3, 'x-controller-id': 'ctrl-2' }), 401, "ctrl-3's signature passed off as ctrl-2's");
    assert.equal(await post(fromCtrl2(body), JSON.stringify({ ...hello, address: '127.0.0.1:9' })), 401, 'a body changed after signing');
    assert.equal(await post(signedAs('ctrl-2', 'ctrl-9', 'hello', body)), 401, 'signed for another receiver');
    assert.equal(await post(signedAs('ctrl-2', 'ctrl-1', 'raft', body)), 401, 'signed as another message type');
    assert.equal(await post(signedAs('ctrl-9', 'ctrl-1', 'hello', body)), 403, 'a signer that is not a peer');
    assert.deepEqual(received, []);
    assert.equal(await post(byCtrl3), 200, "ctrl-3's own signature is fine (the mesh then refuses a hello for ctrl-2 signed by ctrl-3)");
  });

  void test('malformed hellos are 400 with the offending field named', async (t) => {
    const { server, received } = await serverFor(t);
    const cases: Array<[unknown, RegExp]> = [
      [{ ...hello, id: 42 }, /id:/],
      [{ ...hello, apiAddresses: { 'edge-management': [{ url: 'not a url', version: 'v1' }] } }, /apiAddresses\.edge-management\.0\.url/],
      [{ ...hello, apiAddresses: 'everything' }, /apiAddresses/],
      [[1, 2, 3], /\(body\)/],
      [{ ...hello, address: 'nowhere' }, /address/],
    ];
    for (const [payload, field] of cases) {
      const response = await postHello(server, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.match(response.json<{ error: string }>().error, field);
    }
    assert.deepEqual(received, []);
  });

  void test('a body that is not JSON is 400, an oversized one 413, a hello from a stranger 403', async (t) => {
    const { server } = await serverFor(t);
    const notJson = await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"id": ' });
    assert.equal(notJson.statusCode, 400);
    const huge = await postHello(server, { ...hello, padding: 'x'.repeat(8 * 1024) });
    assert.equal(huge.statusCode, 413);
    const stranger = await postHello(server, { ...hello, id: 'ctrl-9' });
    assert.equal(stranger.statusCode, 403);
    assert.equal((await server.inject({ url: '/livez' })).statusCode, 200);
  });

  void test('a message type nobody handles yet is 503, so that the peer retries', async (t) => {
    const { server } = await serverFor(t, { withHelloHandler: false });
    const response = await postHello(server, hello);
    assert.equal(response.statusCode, 503);
  });

  void test('a handler that fails unexpectedly is a 500 and the server keeps serving', async (t) => {
    const endpoint = new PeerEndpoint();
    endpoint.handle('boom', () => {
      throw new Error('bug');
    });
    const server = await buildWebServer({ secret, health: readyHealth(), controllers: () => [], peerEndpoint: endpoint, peerKeys, logger: pino({ level: 'silent' }) });
    t.after(async () => server.close());
    const response = await server.inject({ method: 'POST', url: '/mesh/v1/boom', headers: fromCtrl2('{}', 'boom'), payload: '{}' });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { error: 'internal error' });
    assert.equal((await server.inject({ url: '/livez' })).statusCode, 200);
  });
});

/** A Raft node stand-in that commits every write at once and remembers it, and counts linearized reads. */
function committingGateway(): { gateway: RaftGateway; writes: string[]; linearized: () => number } {
  const writes: string[] = [];
  let linearized = 0;
  const services: ReplicatedServices = {
    status: () => ({ id: 'ctrl-1', role: 'leader', term: 1, votedFor: 'ctrl-1', leader: 'ctrl-1', commitIndex: 1, lastApplied: 1, lastLogIndex: 1, lastLogTerm: 1, peers: [], matchIndex: {} }),
    get: (name) => (name === 'echo' ? { port: 8080 } : undefined),
    list: () => [{ name: 'echo', value: { port: 8080 } }],
    linearize: async () => {
      linearized += 1;
    },
    write: async (command) => {
      writes.push(command.name);
      return { status: 200, body: { data: { name: command.name } } };
    },
  };
  const gateway = new RaftGateway();
  gateway.attach(services);
  return { gateway, writes, linearized: () => linearized };
}

describe('web server: reads of the replicated services', () => {
  void test('are linearizable by default, local on request; a bad consistency is 400', async (t) => {
    const { gateway, linearized } = committingGateway();
    const { server } = await serverFor(t, { web: { raft: gateway } });
    const read = async (query: string) => server.inject({ url: `/edge/management/v1/services/echo${query}` });
    assert.equal((await read('')).statusCode, 200);
    assert.equal(linearized(), 1, 'the default read was linearized');
    assert.deepEqual((await read('?consistency=local')).json(), { data: { name: 'echo', value: { port: 8080 } } });
    assert.equal(linearized(), 1, 'a local read is not');
    assert.equal((await server.inject({ url: '/edge/management/v1/services?consistency=linearizable' })).statusCode, 200);
    assert.equal(linearized(), 2);
    const bad = await read('?consistency=eventual');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ error: string }>().error, /consistency: must be "linearizable" \(the default\) or "local"; got "eventual"/);
  });

  void test('wait for the Raft node to be available; one that is not answers 503 with Retry-After naming why', async (t) => {
    const { gateway, linearized } = committingGateway();
    gateway.useAvailability(async () => Promise.reject(new Error('RaftNode is unready: no leader')));
    const { server } = await serverFor(t, { web: { raft: gateway } });
    for (const query of ['', '?consistency=local']) {
      const response = await server.inject({ url: `/edge/management/v1/services/echo${query}` });
      assert.equal(response.statusCode, 503, 'not a 404 for a key that may exist');
      assert.equal(response.headers['retry-after'], '1');
      assert.match(response.json<{ error: string }>().error, /cannot be read .*yet: RaftNode is unready: no leader; retry after a second/);
    }
    assert.equal(linearized(), 0, 'nothing is read before the node is available');
  });
});

/** `depth` arrays inside each other: 10,000 characters for 5,000 levels, well under any body limit. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('web server: hostile or broken input to the management API', () => {
  void test('a deeply nested JSON body is 400, before any schema check could overflow the stack (was 500)', async (t) => {
    const { gateway, writes } = committingGateway();
    const { server, received } = await serverFor(t, { web: { raft: gateway, bodyLimit: 64 * 1024 } });
    const body = `{"value":${nested(5_000)}}`;
    const put = await server.inject({ method: 'PUT', url: '/edge/management/v1/services/deep', headers: { 'content-type': 'application/json' }, payload: body });
    assert.equal(put.statusCode, 400, put.body);
    assert.match(put.json<{ error: string }>().error, /nests deeper than 64 levels/);
    const peer = await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: fromCtrl2(body), payload: body });
    assert.equal(peer.statusCode, 400);
    assert.deepEqual([writes, received], [[], []]);
    const brackets = JSON.stringify({ text: '[[[[{{{{'.repeat(100), value: JSON.parse(nested(60)) as unknown });
    const shallow = await server.inject({ method: 'PUT', url: '/edge/management/v1/services/shallow', headers: { 'content-type': 'application/json' }, payload: brackets });
    assert.equal(shallow.statusCode, 200, 'brackets inside strings do not count, and 60 levels are fine');
  });

  void test('service names of 101–128 characters reach the schema (was 414 from the router); 129 are refused by it, 400', async (t) => {
    const { gateway, writes } = committingGateway();
    const { server } = await serverFor(t, { web: { raft: gateway } });
    const put = async (name: string) => (await server.inject({ method: 'PUT', url: `/edge/management/v1/services/${name}`, headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode;
    for (const length of [100, 101, 128]) assert.equal(await put('s'.repeat(length)), 200, `${length} characters`);
    assert.equal(await put('s'.repeat(129)), 400);
    assert.equal(await put(encodeURIComponent('é'.repeat(64))), 400, 'a percent-encoded name reaches the schema too');
    assert.deepEqual(writes.map((name) => name.length), [100, 101, 128]);
  });
});

/** Opens a TCP connection to `port`, writes `text`, and resolves with everything the server sent once it closes the connection. */
async function rawExchange(port: number, text: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  socket.write(text);
  await new Promise((resolve) => socket.once('close', resolve));
  return received;
}

describe('web server: request and connection deadlines', () => {
  // Each waits for the server to close the connection; without the deadline it would wait until the test times out.
  void test('a request whose body never arrives in full is answered 408 and its connection closed', { timeout: 10_000 }, async (t) => {
    const { server, received } = await serverFor(t, { web: { requestTimeoutMs: 300, idleTimeoutMs: 60_000 } });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = server.server.address() as { port: number };
    const answer = await rawExchange(port, `POST /mesh/v1/hello HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${secret}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"id":`);
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.deepEqual(received, []);
  });

  void test('a connection that stays silent is closed', { timeout: 10_000 }, async (t) => {
    const { server } = await serverFor(t, { web: { requestTimeoutMs: 60_000, idleTimeoutMs: 300 } });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = server.server.address() as { port: number };
    assert.equal(await rawExchange(port, ''), '', 'closed without an answer');
  });
});
