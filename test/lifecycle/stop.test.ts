import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { layer, Lifecycle, ReadyGraphError, supervise, type ReadyContext } from 'readygraph';
import { flush, ManualClock } from '../support/ManualClock.js';
import { bindAll, concurrencyProbe, deferred, defineService, Journal } from '../support/services.js';

describe('stop', () => {
  it('stops dependents before their dependencies, layers included', async () => {
    const journal = new Journal();
    const Web = layer('web');
    const Consensus = layer('consensus', { dependsOn: [Web] });
    const stopHook = (name: string) => async () => {
      journal.add(`${name}:stopping`);
      await flush();
      journal.add(`${name}:stopped`);
    };
    const Db = defineService('Db', { onStop: stopHook('Db') });
    const Api = defineService('Api', { layer: Web, dependsOn: [Db], onStop: stopHook('Api') });
    const Health = defineService('Health', { layer: Web, onStop: stopHook('Health') });
    const Raft = defineService('Raft', { layer: Consensus, onStop: stopHook('Raft') });
    const container = new Container();
    bindAll(container, Db, Api, Health, Raft);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    await lifecycle.stop();
    assert.ok(journal.indexOf('Raft:stopped') < journal.indexOf('Api:stopping'));
    assert.ok(journal.indexOf('Raft:stopped') < journal.indexOf('Health:stopping'));
    assert.ok(journal.indexOf('Api:stopped') < journal.indexOf('Db:stopping'));
    assert.ok(journal.indexOf('Health:stopping') < journal.indexOf('Api:stopped'), 'independent services stop concurrently');
  });

  it('is best effort: a failing onStop does not prevent the others, and all errors are reported at the end', async () => {
    const journal = new Journal();
    const first = new Error('socket close failed');
    const Db = defineService('Db', { onStop: () => journal.add('Db:stop') });
    const Api = defineService('Api', {
      dependsOn: [Db],
      onStop: () => {
        throw first;
      },
    });
    const Metrics = defineService('Metrics', { onStop: () => Promise.reject(new Error('flush failed')) });
    const container = new Container();
    bindAll(container, Db, Api, Metrics);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    const error = await lifecycle.stop().then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_STOP');
    assert.deepEqual(
      error.failures?.map((failure) => failure.service).sort(),
      ['Api', 'Metrics'],
    );
    assert.equal(error.failures?.find((failure) => failure.service === 'Api')?.error, first);
    assert.ok(journal.has('Db:stop'), 'Db still stops after its dependent failed to');
    assert.equal(lifecycle.status().state, 'stopped');
    assert.match(lifecycle.status().services.find((service) => service.name === 'Api')?.error ?? '', /socket close failed/);
  });

  it('an onStop that does not settle in time fails with ERR_READYGRAPH_STOP_TIMEOUT, and the rest goes on', async () => {
    const clock = new ManualClock();
    const journal = new Journal();
    let signal: AbortSignal | undefined;
    const Db = defineService('Db', { onStop: () => journal.add('Db:stop') });
    const Hung = defineService('Hung', {
      dependsOn: [Db],
      onStop: (context) => {
        signal = context.signal;
        return new Promise(() => undefined);
      },
    });
    const container = new Container();
    bindAll(container, Db, Hung);
    const lifecycle = new Lifecycle(container, { clock, stopTimeoutMs: 250 });
    await lifecycle.start();
    const stopped = lifecycle.stop().then(() => undefined, (caught: unknown) => caught);
    await clock.advance(249);
    assert.ok(!journal.has('Db:stop'), 'Db waits for its dependent');
    await clock.advance(1);
    const error = await stopped;
    assert.ok(error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_STOP');
    const cause = error.failures?.[0]?.error;
    assert.ok(cause instanceof ReadyGraphError && cause.code === 'ERR_READYGRAPH_STOP_TIMEOUT' && cause.service === 'Hung' && cause.timeoutMs === 250);
    assert.equal(signal?.aborted, true);
    assert.ok(journal.has('Db:stop'));
  });

  it('is idempotent: every onStop runs once, and stop() again returns the same promise', async () => {
    let stops = 0;
    const Db = defineService('Db', {
      onStop: async () => {
        stops += 1;
        await flush();
      },
    });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    const first = lifecycle.stop();
    assert.equal(lifecycle.stop(), first);
    await first;
    await lifecycle.stop();
    assert.equal(stops, 1);
  });

  it('"every run whose onReady succeeded gets exactly one onStop": a stop that reaches a run a restart is already stopping waits for that onStop, and decides where the service ends', async () => {
    const journal = new Journal();
    const gate = deferred();
    let dbContext: ReadyContext | undefined;
    const Db = defineService('Db', {
      onReady: (context) => {
        dbContext = context;
      },
      onStop: async ({ reason }) => {
        journal.add(`Db:stop:${reason}`);
        await gate.promise;
      },
    });
    supervise({ restart: 'on-failure', backoff: { initialMs: 0, jitter: 0 } })(Db);
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    dbContext?.fail(new Error('lost'));
    await flush();
    assert.deepEqual(journal.entries, ['Db:stop:restart'], "the restart's onStop runs");
    const stopped = lifecycle.stop();
    await flush();
    gate.resolve();
    await stopped;
    assert.deepEqual(journal.entries, ['Db:stop:restart'], 'one onStop for the run, not a second one for the stop');
    assert.equal(lifecycle.status().services[0]?.state, 'stopped');
    await lifecycle.whenStopped();
  });

  it('"exactly one onStop" also when the stop is called inside the restart\'s own service:stopping event, before its onStop began', async () => {
    const journal = new Journal();
    let dbContext: ReadyContext | undefined;
    const Db = defineService('Db', {
      onReady: (context) => {
        dbContext = context;
      },
      onStop: ({ reason }) => journal.add(`Db:stop:${reason}`),
    });
    supervise({ restart: 'on-failure', backoff: { initialMs: 0, jitter: 0 } })(Db);
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    let stopped: Promise<void> | undefined;
    lifecycle.on('service:stopping', (event) => {
      if (event.reason === 'restart') stopped ??= lifecycle.stop();
    });
    await lifecycle.start();
    dbContext?.fail(new Error('lost'));
    await flush();
    assert.ok(stopped !== undefined, 'the listener called stop()');
    await stopped;
    assert.deepEqual(journal.entries, ['Db:stop:restart'], 'one onStop for the run, not a second one for the stop');
    assert.equal(lifecycle.status().services[0]?.state, 'stopped');
    await lifecycle.whenStopped();
  });

  it('stop() before start() stops nothing and makes start() a usage error', async () => {
    let readied = false;
    const Db = defineService('Db', { onReady: () => void (readied = true) });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    await lifecycle.stop();
    await assert.rejects(lifecycle.start(), (error: unknown) => error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_USAGE' && /start\(\) after stop\(\)/.test(error.message));
    assert.equal(readied, false);
  });

  it('calls onStop only for services that became ready', async () => {
    const journal = new Journal();
    const Db = defineService('Db', { onReady: () => undefined, onStop: () => journal.add('Db:stop') });
    const Broken = defineService('Broken', {
      dependsOn: [Db],
      onReady: () => Promise.reject(new Error('no')),
      onStop: () => journal.add('Broken:stop'),
    });
    const Never = defineService('Never', { dependsOn: [Broken], onStop: () => journal.add('Never:stop') });
    const container = new Container();
    bindAll(container, Db, Broken, Never);
    const lifecycle = new Lifecycle(container);
    await assert.rejects(lifecycle.start());
    await lifecycle.stop();
    assert.deepEqual(journal.entries, ['Db:stop']);
  });

  it('honours concurrency while stopping too', async () => {
    const probe = concurrencyProbe(flush);
    const types = Array.from({ length: 5 }, (_, index) => defineService(`Stopper${index}`, { onStop: probe.hook }));
    const container = new Container();
    bindAll(container, ...types);
    const lifecycle = new Lifecycle(container, { concurrency: 2 });
    await lifecycle.start();
    await lifecycle.stop();
    assert.equal(probe.most(), 2);
  });

  it('emits stopping/stopped pairs and stopped for the whole', async () => {
    const Db = defineService('Db', { onStop: () => undefined });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    const seen: string[] = [];
    lifecycle.on('service:stopping', (event) => seen.push(`stopping ${event.name}`));
    lifecycle.on('service:stopped', (event) => seen.push(`stopped ${event.name}`));
    lifecycle.on('stopped', () => seen.push('stopped'));
    await lifecycle.start();
    await lifecycle.stop();
    assert.deepEqual(seen, ['stopping Db', 'stopped Db', 'stopped']);
  });

  it('supports await using (Symbol.asyncDispose)', async () => {
    let stopped = false;
    const Db = defineService('Db', { onStop: () => void (stopped = true) });
    const container = new Container();
    bindAll(container, Db);
    {
      await using lifecycle = new Lifecycle(container);
      await lifecycle.start();
    }
    assert.equal(stopped, true);
  });
});

describe('beforeStop', () => {
  it('runs after readiness is withdrawn and before the first onStop; its failure is reported and the stop goes on', async () => {
    const journal = new Journal();
    const Db = defineService('Db', { onStop: () => journal.add(`Db:stop`) });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    lifecycle.on('stopping', () => journal.add(`stopping:${lifecycle.state}`));
    lifecycle.beforeStop(async ({ wasReady }) => {
      journal.add(`drain:${lifecycle.state}:${String(wasReady)}`);
      await flush();
    });
    const remove = lifecycle.beforeStop(() => {
      throw new Error('drain failed');
    });
    await lifecycle.start();
    assert.equal(lifecycle.state, 'ready');
    const error = await lifecycle.stop().then(() => undefined, (caught: unknown) => caught);
    assert.deepEqual(journal.entries, ['stopping:stopping', 'drain:stopping:true', 'Db:stop']);
    assert.ok(error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_STOP' && error.failures?.[0]?.service === 'beforeStop');
    remove();
  });

  it('a stop during start is announced at once (stopping event), before the start has settled', async () => {
    const gate = deferred();
    const Slow = defineService('Slow', { onReady: () => gate.promise });
    const container = new Container();
    bindAll(container, Slow);
    const lifecycle = new Lifecycle(container);
    const seen: string[] = [];
    lifecycle.on('stopping', () => seen.push('stopping'));
    lifecycle.beforeStop(({ wasReady }) => void seen.push(`drain:${String(wasReady)}`));
    const started = lifecycle.start().catch(() => undefined);
    await flush();
    const stopped = lifecycle.stop();
    assert.deepEqual(seen, ['stopping'], 'announced synchronously');
    gate.resolve();
    await started;
    await stopped;
    assert.deepEqual(seen, ['stopping', 'drain:false']);
  });
});

describe('whenReady', () => {
  it('resolves when the service or layer is ready, at once if it already is', async () => {
    const Web = layer('web');
    const gate = deferred();
    const Api = defineService('Api', { layer: Web, onReady: () => gate.promise });
    const container = new Container();
    bindAll(container, Api);
    const lifecycle = new Lifecycle(container);
    let apiReady = false;
    let webReady = false;
    void lifecycle.whenReady(Api).then(() => (apiReady = true));
    void lifecycle.whenReady(Web).then(() => (webReady = true));
    const started = lifecycle.start();
    await flush();
    assert.equal(apiReady || webReady, false);
    gate.resolve();
    await started;
    await flush();
    assert.equal(apiReady && webReady, true);
    await lifecycle.whenReady(Api);
    await lifecycle.stop();
  });

  it('an unbound target is ERR_READYGRAPH_USAGE', async () => {
    const container = new Container();
    const lifecycle = new Lifecycle(container, { allowEmpty: true });
    await assert.rejects(lifecycle.whenReady(Symbol('Nope')), (error: unknown) => error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_USAGE' && /Nope/.test(error.message));
    await lifecycle.start();
    await assert.rejects(lifecycle.whenReady('nothing'), (error: unknown) => error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_USAGE');
    await lifecycle.stop();
  });

  it('a plain service stands for the lifecycle services it reaches (a redirection to a lifecycle service waits for it)', async () => {
    const gate = deferred();
    const Web = defineService('Web', { onReady: () => gate.promise });
    const WebToken = Symbol('WebApi');
    const container = new Container();
    bindAll(container, Web);
    container.bind(WebToken).toService(Web);
    const lifecycle = new Lifecycle(container);
    let ready = false;
    const waiting = lifecycle.whenReady(WebToken).then(() => (ready = true));
    const started = lifecycle.start();
    await flush();
    assert.equal(ready, false);
    gate.resolve();
    await started;
    await waiting;
    assert.equal(ready, true);
    await lifecycle.stop();
  });

  it('after a stop, or a failed start, nothing is ready any more: whenReady rejects', async () => {
    const Db = defineService('Db', { onReady: () => undefined });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    await lifecycle.whenReady(Db);
    await lifecycle.stop();
    await assert.rejects(lifecycle.whenReady(Db), (error: unknown) => error instanceof ReadyGraphError && /stopped/.test(error.message));

    const Ok = defineService('Ok', { onReady: () => undefined });
    const Bad = defineService('Bad', { dependsOn: [Ok], onReady: () => Promise.reject(new Error('bad')) });
    const failing = new Container();
    bindAll(failing, Ok, Bad);
    const failed = new Lifecycle(failing);
    const startError = await failed.start().then(() => undefined, (error: unknown) => error);
    await assert.rejects(failed.whenReady(Ok), (error: unknown) => error === startError);
  });
});
