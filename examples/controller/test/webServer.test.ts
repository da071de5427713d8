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
import { maxServiceValueDepth } from '../src/consensus/replicationLimits.js';
import { PeerGate } from '../src/mesh/PeerGate.js';
import { PeerKeys, peerHeaders } from '../src/mesh/PeerKeys.js';
import { buildWebServer, type WebServerOptions } from '../src/web/buildWebServer.js';
import { peerAs, type RawPost } from '../src/machinery/chaos/peerAs.js';
import { testKeys } from './support/writeNodeConfig.js';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

const secret = 'the-cluster-secret-0123456789';
const auth = { authorization: `Bearer ${secret}` };
/** ctrl-1, the server under test, knows ctrl-2 and ctrl-3 by their public keys. */
const peerKeys = () => new PeerKeys({ id: 'ctrl-1', privateKey: testKeys('ctrl-1').privateKey, peers: ['ctrl-2', 'ctrl-3'].map((id) => ({ id, publicKey: testKeys(id).publicKey })) });
/** Delivers raw peer requests to `server` with the cluster secret. */
const injectPost = (server: FastifyInstance): RawPost => async (request) => {
  const response = await server.inject({ method: 'POST', url: `/mesh/v1/${request.type}`, headers: { ...auth, ...request.headers }, payload: request.text });
  const signature = response.headers[peerHeaders.signature];
  return { status: response.statusCode, text: response.body, signature: typeof signature === 'string' ? signature : undefined };
};
/** Controller `from` (ctrl-2 unless said otherwise) speaking to ctrl-1 on a session of its own, with its own key. */
const as = (server: FastifyInstance, from = 'ctrl-2', privateKey = testKeys(from).privateKey) =>
  peerAs({ from, privateKey, to: 'ctrl-1', toPublicKey: testKeys('ctrl-1').publicKey, post: injectPost(server) });
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
    peerGate: new PeerGate(peerKeys()),
    logger: pino({ level: 'silent' }),
    bodyLimit: 4 * 1024,
    ...options.web,
  });
  t.after(async () => server.close());
  return { server, received, senders };
}

/** POSTs a hello body (sent as JSON text) as ctrl-2, on a session of its own. */
async function postHello(server: FastifyInstance, payload: unknown) {
  return as(server).send('hello', JSON.stringify(payload));
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

  void test('a well-formed hello with the secret, signed by its sender on its session, is handled and answered, the answer signed for it', async (t) => {
    const { server, received, senders } = await serverFor(t);
    const response = await postHello(server, hello);
    assert.equal(response.status, 200);
    assert.equal((response.body as { id: string }).id, 'ctrl-1');
    assert.equal(response.signed, true, 'the answer is signed by ctrl-1 for this very message');
    assert.deepEqual(received, [hello]);
    assert.deepEqual(senders, ['ctrl-2'], 'the handler learns who signed it');
  });

  void test('peers authenticate as themselves: unsigned, badly signed or re-signed messages are 401, an unknown signer 403', async (t) => {
    const { server, received } = await serverFor(t);
    const body = JSON.stringify(hello);
    const post = injectPost(server);
    const ctrl2 = as(server);
    assert.equal((await ctrl2.openSession()).status, 200);
    assert.equal((await post({ type: 'hello', text: body, headers: { 'content-type': 'application/json' } })).status, 401, 'no signature: the secret alone does not say who speaks');
    const byCtrl3 = (await as(server, 'ctrl-3').send('hello', '{"id":"ctrl-3"}')).request;
    assert.equal((await post({ ...byCtrl3, headers: { ...byCtrl3.headers, [peerHeaders.sender]: 'ctrl-2' } })).status, 401, "ctrl-3's signature passed off as ctrl-2's");
    const signed = (await ctrl2.send('hello', '{"id":"ctrl-9"}')).request;
    assert.equal((await post({ ...signed, headers: { ...signed.headers, [peerHeaders.counter]: '99' }, text: body })).status, 401, 'a body changed after signing');
    assert.equal((await post({ ...signed, type: 'raft' })).status, 401, 'signed as another message type');
    const forCtrl9 = peerAs({ from: 'ctrl-2', privateKey: testKeys('ctrl-2').privateKey, to: 'ctrl-9', toPublicKey: testKeys('ctrl-9').publicKey, post });
    assert.equal((await forCtrl9.openSession()).status, 401, 'signed for another receiver');
    assert.equal((await as(server, 'ctrl-9').send('hello', body)).status, 403, 'a signer that is not a peer');
    assert.equal((await as(server, 'ctrl-2', testKeys('ctrl-3').privateKey).openSession()).status, 401, "ctrl-3's key speaking as ctrl-2");
    assert.deepEqual(received, [], 'only the two signed malformed hellos reached the handler, which refused them');
  });

  void test('a replayed or reordered message is 409 and reaches no handler; a message of a session no longer held is 401 unknown-session', async (t) => {
    const { server, received } = await serverFor(t);
    const ctrl2 = as(server);
    const first = await ctrl2.send('hello', hello);
    const second = await ctrl2.send('hello', hello);
    assert.deepEqual([first.status, second.status, received.length], [200, 200, 2]);
    const replayed = await ctrl2.replay(first.request);
    assert.equal(replayed.status, 409, 'the same bytes, the same signature, sent again');
    assert.match((replayed.body as { error: string }).error, /replayed or reordered message from "ctrl-2": counter 1 is not above 2/);
    assert.equal((await ctrl2.replay(second.request)).status, 409, 'the last message, replayed at once');
    assert.equal(received.length, 2, 'no handler ran for a replay');
    // A new session (the peer restarted): every message of the old one is refused, the new one goes on.
    await ctrl2.openSession();
    const third = await ctrl2.send('hello', hello);
    assert.equal(third.status, 200);
    const stale = await ctrl2.replay(second.request);
    assert.equal(stale.status, 401, 'a message of a session this controller no longer holds');
    assert.equal((stale.body as { code: string }).code, 'unknown-session');
    assert.equal(received.length, 3);
    // Reordered: a message signed before another but delivered after it.
    const early = await ctrl2.prepare('hello', hello);
    const late = await ctrl2.prepare('hello', hello);
    assert.equal((await ctrl2.replay(late)).status, 200);
    assert.equal((await ctrl2.replay(early)).status, 409, 'signed before the other, delivered after it');
    assert.equal(received.length, 4);
  });

  void test('a message on a session issued to another peer, or never issued, is 401 unknown-session', async (t) => {
    const { server, received } = await serverFor(t);
    const ctrl3 = as(server, 'ctrl-3');
    const opened = await ctrl3.openSession();
    const session = (opened.body as { session: string }).session;
    const ctrl2 = as(server);
    await ctrl2.send('hello', hello);
    const sent = await ctrl2.send('hello', hello);
    // ctrl-2 signs a message on ctrl-3's session: the signature is ctrl-2's, the session is not.
    const keys = new PeerKeys({ id: 'ctrl-2', privateKey: testKeys('ctrl-2').privateKey, peers: [] });
    const text = JSON.stringify(hello);
    const headers = { 'content-type': 'application/json', ...keys.signRequest('ctrl-1', 'hello', { session, counter: '5' }, text) };
    const answer = await injectPost(server)({ type: 'hello', text, headers });
    assert.equal(answer.status, 401);
    assert.match(answer.text, /unknown-session/);
    assert.equal(sent.status, 200);
    assert.equal(received.length, 2);
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
      assert.equal(response.status, 400, JSON.stringify(payload));
      assert.match((response.body as { error: string }).error, field);
    }
    assert.deepEqual(received, []);
  });

  void test('a body that is not JSON is 400, an oversized one 413, a hello from a stranger 403', async (t) => {
    const { server } = await serverFor(t);
    const notJson = await as(server).send('hello', '{"id": ');
    assert.equal(notJson.status, 400);
    const huge = await postHello(server, { ...hello, padding: 'x'.repeat(8 * 1024) });
    assert.equal(huge.status, 413);
    const stranger = await postHello(server, { ...hello, id: 'ctrl-9' });
    assert.equal(stranger.status, 403);
    assert.equal((await server.inject({ url: '/livez' })).statusCode, 200);
  });

  void test('a message type nobody handles yet is 503, so that the peer retries', async (t) => {
    const { server } = await serverFor(t, { withHelloHandler: false });
    const response = await postHello(server, hello);
    assert.equal(response.status, 503);
  });

  void test('a handler that fails unexpectedly is a 500 and the server keeps serving', async (t) => {
    const endpoint = new PeerEndpoint();
    endpoint.handle('boom', () => {
      throw new Error('bug');
    });
    const server = await buildWebServer({ secret, health: readyHealth(), controllers: () => [], peerEndpoint: endpoint, peerGate: new PeerGate(peerKeys()), logger: pino({ level: 'silent' }) });
    t.after(async () => server.close());
    const response = await as(server).send('boom', '{}');
    assert.equal(response.status, 500);
    assert.deepEqual(response.body, { error: 'internal error' });
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

/** A pino logger at debug that keeps every line it writes, parsed. */
function capturingLogger(): { logger: FastifyBaseLogger; lines: Array<{ level: number; msg?: string; reason?: string; status?: number; err?: unknown }> } {
  const lines: Array<{ level: number; msg?: string; reason?: string; status?: number; err?: unknown }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
  return { logger, lines };
}

describe('web server: what it logs', () => {
  void test('a 503 from /raft while the consensus layer is starting is an answer, not an error: nothing at error, no stack', async (t) => {
    const { logger, lines } = capturingLogger();
    const { server } = await serverFor(t, { web: { raft: new RaftGateway(), logger } });
    const response = await server.inject({ url: '/edge/management/v1/raft' });
    assert.equal(response.statusCode, 503);
    assert.match(response.json<{ error: string }>().error, /consensus layer is not running yet/);
    assert.deepEqual(lines.filter((line) => line.level >= 50), [], 'no line at error or above');
    assert.ok(lines.every((line) => line.err === undefined), 'no stack logged');
  });

  void test("a refused peer message is logged at warn with the reason (a follower refusing what a leader sent is an operator's business)", async (t) => {
    const { logger, lines } = capturingLogger();
    const { server } = await serverFor(t, { web: { logger } });
    const refused = await postHello(server, { ...hello, id: 42 });
    assert.equal(refused.status, 400);
    const warned = lines.filter((line) => line.level === 40 && line.msg === 'peer message refused');
    assert.equal(warned.length, 1, JSON.stringify(lines));
    assert.equal(warned[0]?.status, 400);
    assert.match(warned[0]?.reason ?? '', /malformed hello: id:/);
  });
});

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
  void test('a deeply nested JSON body is 400, before any schema check could overflow the stack', async (t) => {
    const { gateway, writes } = committingGateway();
    const { server, received } = await serverFor(t, { web: { raft: gateway, bodyLimit: 64 * 1024 } });
    const body = `{"value":${nested(5_000)}}`;
    const put = await server.inject({ method: 'PUT', url: '/edge/management/v1/services/deep', headers: { 'content-type': 'application/json' }, payload: body });
    assert.equal(put.statusCode, 400, put.body);
    assert.match(put.json<{ error: string }>().error, /nests deeper than 64 levels/);
    const peer = await as(server).send('hello', body);
    assert.equal(peer.status, 400);
    assert.deepEqual([writes, received], [[], []]);
    // The body is the service's value: 60 levels at most, what an AppendEntries can carry under its own 4 (64 in all).
    const putValue = async (depth: number) => {
      const payload = JSON.stringify({ text: '[[[[{{{{'.repeat(100), value: JSON.parse(nested(depth - 1)) as unknown });
      return server.inject({ method: 'PUT', url: '/edge/management/v1/services/shallow', headers: { 'content-type': 'application/json' }, payload });
    };
    assert.equal((await putValue(maxServiceValueDepth)).statusCode, 200, `brackets inside strings do not count, and ${maxServiceValueDepth} levels are fine`);
    const deeper = await putValue(maxServiceValueDepth + 1);
    assert.equal(deeper.statusCode, 400, 'one level more would not replicate');
    assert.match(deeper.json<{ error: string }>().error, /nests at most 60 levels/);
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
