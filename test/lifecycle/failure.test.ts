import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { Lifecycle, ReadyGraphError } from 'readygraph';
import { flush, ManualClock } from '../support/ManualClock.js';
import { bindAll, deferred, defineService, Journal } from '../support/services.js';

function isStartup(error: unknown): error is ReadyGraphError {
  return error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_STARTUP';
}

describe('start failure', () => {
  it('rolls back: nothing new starts, running hooks are aborted and awaited, ready services stop in reverse order', async () => {
    const journal = new Journal();
    const boom = new Error('disk full');
    const failGate = deferred();
    let slowSignal: AbortSignal | undefined;
    const Config = defineService('Config', { onReady: () => journal.add('Config:ready'), onStop: () => journal.add('Config:stop') });
    const Cache = defineService('Cache', { dependsOn: [Config], onReady: () => journal.add('Cache:ready'), onStop: () => journal.add('Cache:stop') });
    const Slow = defineService('Slow', {
      dependsOn: [Config],
      onReady: async ({ signal }) => {
        slowSignal = signal;
        await new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
      },
      onStop: () => journal.add('Slow:stop'),
    });
    const Storage = defineService('Storage', {
      dependsOn: [Cache],
      onReady: async () => {
        await failGate.promise;
        throw boom;
      },
      onStop: () => journal.add('Storage:stop'),
    });
    const Api = defineService('Api', { dependsOn: [Storage], onReady: () => journal.add('Api:ready') });
    const container = new Container();
    bindAll(container, Config, Cache, Slow, Storage, Api);
    const lifecycle = new Lifecycle(container);
    const failures: string[] = [];
    lifecycle.on('service:failed', (event) => failures.push(`${event.name}:${event.aborted ? 'aborted' : 'root'}`));
    const started = lifecycle.start();
    await flush();
    failGate.resolve();
    const error = await started.then(
      () => assert.fail('start() must reject'),
      (caught: unknown) => caught,
    );
    assert.ok(isStartup(error));
    assert.deepEqual(error.failures, [{ service: 'Storage', error: boom }]);
    assert.equal(error.cause, boom);
    assert.deepEqual(error.skipped, ['Api']);
    assert.match(error.message, /"Storage": disk full/);
    assert.equal(slowSignal?.aborted, true, 'the running hook saw its signal abort');
    assert.deepEqual(failures, ['Storage:root', 'Slow:aborted'], 'an aborted hook is not a root cause');
    assert.ok(!journal.has('Api:ready'));
    assert.ok(!journal.has('Storage:stop'), 'a service whose onReady failed is not stopped');
    assert.ok(!journal.has('Slow:stop'));
    assert.ok(journal.indexOf('Cache:stop') < journal.indexOf('Config:stop'), 'reverse order');
    const states = Object.fromEntries(lifecycle.status().services.map((service) => [service.name, service.state]));
    assert.deepEqual(states, { Config: 'stopped', Cache: 'stopped', Slow: 'failed', Storage: 'failed', Api: 'skipped' });
    assert.equal(lifecycle.status().state, 'failed');
    await lifecycle.stop();
    assert.equal(lifecycle.start(), started, 'start() after a failure returns the same rejected promise');
  });

  it('a synchronous throw in onReady is a failure like a rejection', async () => {
    const Bad = defineService('Bad', {
      onReady: () => {
        throw new Error('sync');
      },
    });
    const container = new Container();
    bindAll(container, Bad);
    await assert.rejects(new Lifecycle(container).start(), (error: unknown) => isStartup(error) && error.failures?.[0]?.service === 'Bad');
  });

  it('a construction error is a failure of that service', async () => {
    const Broken = defineService('Broken', { onReady: () => undefined });
    const container = new Container();
    container
      .bind(Broken)
      .toSelf()
      .onActivation(() => {
        throw new Error('cannot construct');
      });
    await assert.rejects(new Lifecycle(container).start(), (error: unknown) => isStartup(error) && /cannot construct/.test(String((error.cause as Error).message)));
  });

  it('an activation that replaces the instance with one without onReady fails that service and names the cause', async () => {
    const Replaced = defineService('Replaced', { onReady: () => undefined });
    const container = new Container();
    container
      .bind(Replaced)
      .toSelf()
      .onActivation(() => ({ wrapped: true }));
    const error = await new Lifecycle(container).start().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(isStartup(error));
    const cause = error.failures?.[0]?.error;
    assert.ok(cause instanceof ReadyGraphError && cause.code === 'ERR_READYGRAPH_USAGE');
    assert.equal(cause.service, 'Replaced');
    assert.equal(
      cause.message,
      '"Replaced" has onReady on its class, but the instance the container resolved has no onReady method (got undefined); ' +
        'an activation handler (onActivation) must return the instance or an object with the same hooks',
    );
  });

  it('an activation may return a proxy: its hooks are called through it', async () => {
    const calls: string[] = [];
    const Proxied = defineService('Proxied', { onReady: () => void calls.push('onReady'), onStop: () => void calls.push('onStop') });
    const container = new Container();
    container
      .bind(Proxied)
      .toSelf()
      .onActivation(
        (_context, instance) =>
          new Proxy(instance, {
            get: (target, key, receiver) => {
              if (key === 'onReady' || key === 'onStop') calls.push(`get ${key}`);
              return Reflect.get(target, key, receiver) as unknown;
            },
          }),
      );
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    await lifecycle.stop();
    assert.deepEqual(calls, ['get onReady', 'onReady', 'get onStop', 'onStop']);
  });

  it('an onReady that does not settle in time fails with ERR_READYGRAPH_START_TIMEOUT and its signal aborts', async () => {
    const clock = new ManualClock();
    let seen: AbortSignal | undefined;
    const RaftNode = defineService('RaftNode', {
      onReady: ({ signal }) => {
        seen = signal;
        return new Promise(() => undefined);
      },
    });
    const container = new Container();
    bindAll(container, RaftNode);
    const lifecycle = new Lifecycle(container, { clock, startTimeoutMs: 5000 });
    const started = lifecycle.start();
    let settled = false;
    started.catch(() => undefined).finally(() => (settled = true));
    await clock.advance(4999);
    assert.equal(settled, false, 'not before the timeout');
    await clock.advance(1);
    const error = await started.then(() => undefined, (caught: unknown) => caught);
    assert.ok(isStartup(error));
    const cause = error.failures?.[0]?.error;
    assert.ok(cause instanceof ReadyGraphError && cause.code === 'ERR_READYGRAPH_START_TIMEOUT');
    assert.equal(cause.service, 'RaftNode');
    assert.equal(cause.timeoutMs, 5000);
    assert.equal(cause.message, 'onReady of "RaftNode" did not settle within 5000 ms (startTimeoutMs); resolve its promise or raise the timeout');
    assert.equal(seen?.aborted, true);
    assert.equal(seen?.reason, cause);
  });

  it('an onReady that timed out but resolves later gets its onStop called then, with reason \'rollback\' (the start it belonged to was rolled back)', async () => {
    const clock = new ManualClock();
    const journal = new Journal();
    const late = deferred();
    const Late = defineService('Late', { onReady: () => late.promise, onStop: ({ reason }) => journal.add(`Late:stop:${reason}`) });
    const container = new Container();
    bindAll(container, Late);
    const lifecycle = new Lifecycle(container, { clock, startTimeoutMs: 100 });
    const started = assert.rejects(lifecycle.start(), isStartup);
    await clock.advance(100);
    await started;
    assert.deepEqual(journal.entries, []);
    late.resolve();
    await flush();
    assert.deepEqual(journal.entries, ['Late:stop:rollback'], 'the late-ready service is stopped, not leaked, as part of the rollback');
    await lifecycle.stop();
    assert.equal(lifecycle.status().services[0]?.state, 'stopped');
  });

  it('a hook that resolves although its signal aborted made its service ready, and it is stopped', async () => {
    const journal = new Journal();
    const failGate = deferred();
    const Stubborn = defineService('Stubborn', {
      onReady: async ({ signal }) => {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        journal.add('Stubborn:ready-anyway');
      },
      onStop: () => journal.add('Stubborn:stop'),
    });
    const Failing = defineService('Failing', {
      onReady: async () => {
        await failGate.promise;
        throw new Error('no');
      },
    });
    const container = new Container();
    bindAll(container, Stubborn, Failing);
    const lifecycle = new Lifecycle(container);
    const started = lifecycle.start();
    await flush();
    failGate.resolve();
    await assert.rejects(started, (error: unknown) => isStartup(error) && error.failures?.length === 1);
    assert.ok(journal.indexOf('Stubborn:ready-anyway') < journal.indexOf('Stubborn:stop'));
  });

  it('rollback failures are reported on the startup error, not lost', async () => {
    const failGate = deferred();
    const Leaky = defineService('Leaky', {
      onReady: () => undefined,
      onStop: () => {
        throw new Error('close failed');
      },
    });
    const Failing = defineService('Failing', {
      dependsOn: [Leaky],
      onReady: async () => {
        await failGate.promise;
        throw new Error('no');
      },
    });
    const container = new Container();
    bindAll(container, Leaky, Failing);
    const started = new Lifecycle(container).start();
    await flush();
    failGate.resolve();
    await assert.rejects(started, (error: unknown) => isStartup(error) && error.rollbackFailures?.[0]?.service === 'Leaky');
  });

  it('whenReady rejects with the start error when the start fails before the target is ready', async () => {
    const Bad = defineService('Bad', {
      onReady: () => {
        throw new Error('bad');
      },
    });
    const After = defineService('After', { dependsOn: [Bad], onReady: () => undefined });
    const container = new Container();
    bindAll(container, Bad, After);
    const lifecycle = new Lifecycle(container);
    const waiting = lifecycle.whenReady(After);
    const started = lifecycle.start();
    const [waitError, startError] = await Promise.all([waiting.then(() => undefined, (error: unknown) => error), started.then(() => undefined, (error: unknown) => error)]);
    assert.ok(isStartup(startError));
    assert.equal(waitError, startError);
  });
});

describe('stop during start', () => {
  it('abandons the start (ERR_READYGRAPH_STARTUP, no failures, says stop() did it), then stops what became ready', async () => {
    const journal = new Journal();
    let signal: AbortSignal | undefined;
    const Db = defineService('Db', { onReady: () => journal.add('Db:ready'), onStop: () => journal.add('Db:stop') });
    const Web = defineService('Web', {
      dependsOn: [Db],
      onReady: async (context) => {
        signal = context.signal;
        await new Promise<void>((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason as Error)));
      },
      onStop: () => journal.add('Web:stop'),
    });
    const Raft = defineService('Raft', { dependsOn: [Web], onReady: () => journal.add('Raft:ready') });
    const container = new Container();
    bindAll(container, Db, Web, Raft);
    const lifecycle = new Lifecycle(container);
    const started = lifecycle.start();
    await flush();
    const stopped = lifecycle.stop();
    const error = await started.then(() => undefined, (caught: unknown) => caught);
    assert.ok(isStartup(error));
    assert.deepEqual(error.failures, []);
    assert.deepEqual(error.skipped, ['Raft']);
    assert.match(error.message, /aborted by stop\(\)/);
    await stopped;
    assert.equal(signal?.aborted, true);
    assert.ok(journal.has('Db:stop'));
    assert.ok(!journal.has('Web:stop') && !journal.has('Raft:ready'));
    assert.equal(lifecycle.status().state, 'stopped');
  });

  it('start() after stop() rejects with ERR_READYGRAPH_USAGE', async () => {
    const Db = defineService('Db', { onReady: () => undefined });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    await lifecycle.stop();
    await assert.rejects(lifecycle.start(), (error: unknown) => error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_USAGE');
  });
});
