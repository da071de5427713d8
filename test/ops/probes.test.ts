import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import Fastify from 'fastify';
import { Container } from 'inversify';
import { createProbeHandler, Lifecycle, ReadyGraphError, readygraphProbes, type ProbeHandler } from 'readygraph';
import { flush, ManualClock } from '../support/ManualClock.js';
import { bindAll, deferred, defineService, type Deferred } from '../support/services.js';

interface Answer {
  readonly status: number;
  readonly body: string;
}

async function get(base: string, path: string, method = 'GET'): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { method });
  return { status: response.status, body: await response.text() };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Config <- Api, where Api's onReady and onStop wait for the test to let them go. */
function app(): { lifecycle: Lifecycle; ready: Deferred; stop: Deferred; container: Container } {
  const ready = deferred();
  const stop = deferred();
  const Config = defineService('Config', { onReady: () => undefined });
  const Api = defineService('Api', { dependsOn: [Config], onReady: () => ready.promise, onStop: () => stop.promise });
  const container = new Container();
  bindAll(container, Config, Api);
  return { lifecycle: new Lifecycle(container), ready, stop, container };
}

describe('probes over node:http', () => {
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) server.close();
  });
  async function serve(probes: ProbeHandler): Promise<string> {
    const server = createServer(probes);
    servers.push(server);
    return listen(server);
  }

  it('answer through start, ready and stop: readiness 503 until ready and again from the moment the stop begins', async () => {
    const { lifecycle, ready, stop } = app();
    const probes = createProbeHandler(lifecycle);
    const base = await serve(probes);

    assert.deepEqual(await get(base, '/readyz'), { status: 503, body: 'readyz check failed: lifecycle idle\n' });
    assert.equal((await get(base, '/livez')).status, 200);

    const started = lifecycle.start();
    await flush();
    assert.equal((await get(base, '/readyz')).status, 503, 'starting');
    assert.equal((await get(base, '/startupz')).status, 503, 'starting');
    assert.deepEqual(await get(base, '/livez'), { status: 200, body: 'ok\n' });

    ready.resolve();
    await started;
    assert.deepEqual(await get(base, '/readyz'), { status: 200, body: 'ok\n' });
    assert.deepEqual(await get(base, '/startupz'), { status: 200, body: 'ok\n' });

    const stopped = lifecycle.stop();
    await flush();
    assert.equal(lifecycle.status().services.find((service) => service.name === 'Api')?.state, 'stopping', 'Api.onStop is running');
    assert.equal((await get(base, '/readyz')).status, 503, 'not ready while stopping');
    assert.equal((await get(base, '/livez')).status, 200, 'alive while stopping');
    assert.equal((await get(base, '/startupz')).status, 200, 'the start did succeed');

    stop.resolve();
    await stopped;
    assert.equal((await get(base, '/readyz')).status, 503, 'stopped');
    assert.equal((await get(base, '/livez')).status, 200, 'a stopped lifecycle is not a failed one');
  });

  it('liveness fails (503) once the start has failed, so the orchestrator restarts the process', async () => {
    const Broken = defineService('Broken', {
      onReady: () => {
        throw new Error('bad config');
      },
    });
    const container = new Container();
    bindAll(container, Broken);
    const lifecycle = new Lifecycle(container);
    const base = await serve(createProbeHandler(lifecycle));
    await assert.rejects(lifecycle.start(), ReadyGraphError);
    assert.deepEqual(await get(base, '/livez'), { status: 503, body: 'livez check failed: lifecycle failed\n' });
    assert.equal((await get(base, '/readyz')).status, 503);
    assert.equal((await get(base, '/startupz')).status, 503);
  });

  it('shows no service unless ?verbose asks, then one [+]/[-] line per service', async () => {
    const { lifecycle, ready, stop } = app();
    stop.resolve();
    const base = await serve(createProbeHandler(lifecycle));
    const started = lifecycle.start();
    await flush();
    const plain = await get(base, '/readyz');
    assert.ok(!plain.body.includes('Config') && !plain.body.includes('Api'), plain.body);
    const verbose = await get(base, '/readyz?verbose');
    assert.equal(verbose.status, 503);
    assert.equal(verbose.body, '[-]lifecycle starting\n[+]Config ready\n[-]Api starting\nreadyz check failed\n');
    assert.ok(!(await get(base, '/readyz?verbose=false')).body.includes('Config'));
    ready.resolve();
    await started;
    assert.deepEqual(await get(base, '/readyz?verbose=1'), {
      status: 200,
      body: '[+]lifecycle ready\n[+]Config ready\n[+]Api ready\nreadyz check passed\n',
    });
    await lifecycle.stop();
  });

  it('turns readiness 503 at once on drain() and resolves after drainDelayMs on its clock, before anything stops', async () => {
    const { lifecycle, ready, stop } = app();
    const clock = new ManualClock();
    const probes = createProbeHandler(lifecycle, { drainDelayMs: 150, clock });
    const base = await serve(probes);
    ready.resolve();
    stop.resolve();
    await lifecycle.start();
    let drainedAt: number | undefined;
    const draining = probes.drain();
    assert.equal(probes.drain(), draining, 'drain() twice is one drain');
    const drained = draining.then(() => {
      drainedAt = clock.now();
    });
    assert.deepEqual(await get(base, '/readyz'), { status: 503, body: 'readyz check failed: lifecycle draining\n' });
    assert.equal(lifecycle.status().state, 'ready', 'the services are still up while draining');
    await clock.advance(149);
    assert.equal(drainedAt, undefined, 'not drained before drainDelayMs');
    await clock.advance(1);
    assert.equal(drainedAt, 150, 'drained when the clock reaches drainDelayMs');
    await drained;
    await lifecycle.stop();
  });

  it('every stop of a ready lifecycle waits drainDelayMs with readiness 503 before the first onStop (beforeStop)', async () => {
    const { lifecycle, ready, stop } = app();
    const clock = new ManualClock();
    const probes = createProbeHandler(lifecycle, { drainDelayMs: 150, clock });
    const base = await serve(probes);
    ready.resolve();
    await lifecycle.start();
    let apiStoppingAt: number | undefined;
    lifecycle.on('service:stopping', ({ name }) => {
      if (name === 'Api') apiStoppingAt = clock.now();
    });
    const stopped = lifecycle.stop();
    assert.deepEqual(await get(base, '/readyz'), { status: 503, body: 'readyz check failed: lifecycle stopping\n' });
    await clock.advance(149);
    assert.equal(apiStoppingAt, undefined, 'no onStop while draining');
    await clock.advance(1);
    assert.equal(apiStoppingAt, 150, 'the first onStop is called when the drain ends');
    stop.resolve();
    await stopped;
  });

  it('answers HEAD without a body, other methods with 405, other paths with 404 (or leaves them to the app via handle)', async () => {
    const { lifecycle } = app();
    const probes = createProbeHandler(lifecycle);
    const base = await serve(probes);
    assert.deepEqual(await get(base, '/livez', 'HEAD'), { status: 200, body: '' });
    assert.equal((await get(base, '/livez', 'POST')).status, 405);
    assert.equal((await get(base, '/elsewhere')).status, 404);

    const server = createServer((request, response) => {
      if (!probes.handle(request, response)) response.end('app');
    });
    servers.push(server);
    const mounted = await listen(server);
    assert.deepEqual(await get(mounted, '/elsewhere'), { status: 200, body: 'app' });
    assert.deepEqual(await get(mounted, '/livez'), { status: 200, body: 'ok\n' });
  });

  it('rejects a bad drainDelayMs or clock with ERR_READYGRAPH_USAGE quoting the value', () => {
    const { lifecycle } = app();
    assert.throws(() => createProbeHandler(lifecycle, { drainDelayMs: -1 }), { code: 'ERR_READYGRAPH_USAGE', message: /-1 \(number\)/ });
    assert.throws(() => createProbeHandler(lifecycle, { clock: 5 as never }), { code: 'ERR_READYGRAPH_USAGE', message: /clock must be a Clock.*5 \(number\)/ });
  });
});

describe('readygraphProbes fastify plugin', () => {
  it('serves the same probes as routes, readiness 503 from the moment the stop begins', async () => {
    const { lifecycle, ready, stop } = app();
    const fastify = Fastify();
    await fastify.register(readygraphProbes, { lifecycle });
    const inject = async (url: string): Promise<Answer> => {
      const response = await fastify.inject({ method: 'GET', url });
      return { status: response.statusCode, body: response.body };
    };
    try {
      const started = lifecycle.start();
      await flush();
      assert.equal((await inject('/readyz')).status, 503);
      assert.equal((await inject('/livez')).status, 200);
      ready.resolve();
      await started;
      assert.deepEqual(await inject('/readyz'), { status: 200, body: 'ok\n' });
      assert.match((await inject('/readyz?verbose')).body, /\[\+\]Api ready/);
      const stopped = lifecycle.stop();
      await flush();
      assert.equal((await inject('/readyz')).status, 503, 'stopping');
      assert.equal((await inject('/startupz')).status, 200);
      stop.resolve();
      await stopped;
    } finally {
      await fastify.close();
    }
  });

  it('moves under a prefix', async () => {
    const { lifecycle } = app();
    const fastify = Fastify();
    await fastify.register(readygraphProbes, { lifecycle, prefix: '/health' });
    try {
      assert.equal((await fastify.inject({ method: 'GET', url: '/health/livez' })).statusCode, 200);
      assert.equal((await fastify.inject({ method: 'GET', url: '/livez' })).statusCode, 404);
    } finally {
      await fastify.close();
    }
  });
});
