import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import { pino } from 'pino';
import { Lifecycle, type OnReady } from 'readygraph';
import { RuntimeHealth } from '../src/app/RuntimeHealth.js';
import type { RuntimeStatus } from '../src/app/RuntimeStatus.js';
import { parseHello } from '../src/mesh/parseHello.js';
import { PeerEndpoint } from '../src/mesh/PeerEndpoint.js';
import { buildWebServer } from '../src/web/buildWebServer.js';

const secret = 'the-cluster-secret-0123456789';
const auth = { authorization: `Bearer ${secret}` };
const hello = { id: 'ctrl-2', address: '127.0.0.1:1281', apiAddresses: { 'edge-management': [{ url: 'http://127.0.0.1:1281/edge/management/v1', version: 'v1' }] } };

/** A runtime that is always ready, for the tests that are not about health. */
function readyHealth(): RuntimeHealth {
  const health = new RuntimeHealth();
  health.attach({ start: async () => undefined, stop: async () => undefined, status: () => ({ state: 'ready', services: [] }), report: () => ({ state: 'ready', totalMs: 0, services: [], criticalPath: [], slowest: [] }) });
  return health;
}

async function serverFor(t: TestContext, options: { health?: RuntimeHealth; withHelloHandler?: boolean } = {}) {
  const received: unknown[] = [];
  const endpoint = new PeerEndpoint();
  if (options.withHelloHandler ?? true) {
    endpoint.handle('hello', (body) => {
      received.push(parseHello(body, ['ctrl-2']));
      return { id: 'ctrl-1', address: '127.0.0.1:1280', apiAddresses: {} };
    });
  }
  const server = await buildWebServer({
    secret,
    health: options.health ?? readyHealth(),
    controllers: () => [{ id: 'ctrl-1', isSelf: true }],
    peerEndpoint: endpoint,
    logger: pino({ level: 'silent' }),
    bodyLimit: 4 * 1024,
  });
  t.after(async () => server.close());
  return { server, received };
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
    health.attach(lifecycle);
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

  void test('the seed runtime (--unordered) keeps its hand-written /readyz', async (t) => {
    let state = 'starting';
    const health = new RuntimeHealth();
    health.attach({ start: async () => undefined, stop: async () => undefined, status: () => ({ state, services: [] }), report: () => ({ state: 'idle', totalMs: 0, services: [], criticalPath: [], slowest: [] }) });
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

  void test('a well-formed hello with the secret is handled and answered', async (t) => {
    const { server, received } = await serverFor(t);
    const response = await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: auth, payload: hello });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json<{ id: string }>().id, 'ctrl-1');
    assert.deepEqual(received, [hello]);
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
      const response = await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: auth, payload: payload as object });
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.match(response.json<{ error: string }>().error, field);
    }
    assert.deepEqual(received, []);
  });

  void test('a body that is not JSON is 400, an oversized one 413, a hello from a stranger 403', async (t) => {
    const { server } = await serverFor(t);
    const notJson = await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"id": ' });
    assert.equal(notJson.statusCode, 400);
    const huge = await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: auth, payload: { ...hello, padding: 'x'.repeat(8 * 1024) } });
    assert.equal(huge.statusCode, 413);
    const stranger = await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: auth, payload: { ...hello, id: 'ctrl-9' } });
    assert.equal(stranger.statusCode, 403);
    assert.equal((await server.inject({ url: '/livez' })).statusCode, 200);
  });

  void test('a message type nobody handles yet is 503, so that the peer retries', async (t) => {
    const { server } = await serverFor(t, { withHelloHandler: false });
    const response = await server.inject({ method: 'POST', url: '/mesh/v1/hello', headers: auth, payload: hello });
    assert.equal(response.statusCode, 503);
  });

  void test('a handler that fails unexpectedly is a 500 and the server keeps serving', async (t) => {
    const endpoint = new PeerEndpoint();
    endpoint.handle('boom', () => {
      throw new Error('bug');
    });
    const server = await buildWebServer({ secret, health: readyHealth(), controllers: () => [], peerEndpoint: endpoint, logger: pino({ level: 'silent' }) });
    t.after(async () => server.close());
    const response = await server.inject({ method: 'POST', url: '/mesh/v1/boom', headers: auth, payload: {} });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { error: 'internal error' });
    assert.equal((await server.inject({ url: '/livez' })).statusCode, 200);
  });
});
