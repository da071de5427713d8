import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, inject, injectable } from 'inversify';
import { layer, Lifecycle, ReadyGraphError, type LifecycleEvents, type ReadyContext } from 'readygraph';
import { flush, ManualClock } from '../support/ManualClock.js';
import { bindAll, concurrencyProbe, deferred, defineService, Journal } from '../support/services.js';

describe('start', () => {
  it('calls onReady only once every dependency is ready', async () => {
    const journal = new Journal();
    const gate = deferred();
    const Db = defineService('Db', {
      onReady: async () => {
        journal.add('Db:start');
        await gate.promise;
        journal.add('Db:ready');
      },
    });
    const Api = defineService('Api', { dependsOn: [Db], onReady: () => journal.add('Api:start') });
    const container = new Container();
    bindAll(container, Db, Api);
    const lifecycle = new Lifecycle(container);
    const started = lifecycle.start();
    await flush();
    assert.deepEqual(journal.entries, ['Db:start'], 'Api must wait while Db is not ready');
    gate.resolve();
    await started;
    assert.deepEqual(journal.entries, ['Db:start', 'Db:ready', 'Api:start']);
    await lifecycle.stop();
  });

  it('"an onReady never runs while a dependency is unavailable": not even one due a moment ago, whose dependency withdrew its readiness inside the call that made it ready', async () => {
    const journal = new Journal();
    let dbContext: ReadyContext | undefined;
    const Db = defineService('Db', {
      onReady: (context) => {
        dbContext = context;
      },
    });
    const Api = defineService('Api', { dependsOn: [Db], onReady: () => journal.add('Api:start') });
    const container = new Container();
    bindAll(container, Db, Api);
    const lifecycle = new Lifecycle(container);
    // Db's readiness makes Api due; Db withdraws it before the call returns, so Api must not start.
    lifecycle.on('service:ready', ({ name }) => {
      if (name === 'Db' && !journal.has('Db:unready')) {
        journal.add('Db:unready');
        dbContext?.unready('reconnecting');
      }
    });
    const started = lifecycle.start();
    await flush();
    assert.deepEqual(journal.entries, ['Db:unready'], 'Api waits while Db is unready');
    assert.equal(lifecycle.status().services.find((service) => service.name === 'Api')?.state, 'pending');
    dbContext?.ready();
    await started;
    assert.deepEqual(journal.entries, ['Db:unready', 'Api:start']);
    await lifecycle.stop();
  });

  it('starts independent services concurrently', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const running = new Set<string>();
    let most = 0;
    const types = gates.map((gate, index) =>
      defineService(`Independent${index}`, {
        onReady: async () => {
          running.add(String(index));
          most = Math.max(most, running.size);
          await gate.promise;
          running.delete(String(index));
        },
      }),
    );
    const container = new Container();
    bindAll(container, ...types);
    const lifecycle = new Lifecycle(container);
    const started = lifecycle.start();
    await flush();
    assert.equal(running.size, 3, 'all three hooks run before any of them finishes');
    for (const gate of gates) gate.resolve();
    await started;
    assert.equal(most, 3);
    await lifecycle.stop();
  });

  it('honours concurrency: at most that many hooks at once', async () => {
    const probe = concurrencyProbe(flush);
    const types = Array.from({ length: 6 }, (_, index) => defineService(`Limited${index}`, { onReady: probe.hook }));
    const container = new Container();
    bindAll(container, ...types);
    const lifecycle = new Lifecycle(container, { concurrency: 2 });
    await lifecycle.start();
    assert.equal(probe.most(), 2);
    assert.ok(lifecycle.status().services.every((service) => service.state === 'ready'));
    await lifecycle.stop();
  });

  it('a service without onReady is ready as soon as its dependencies are', async () => {
    const journal = new Journal();
    const Db = defineService('Db', { onReady: () => journal.add('Db') });
    const Marker = defineService('Marker', { dependsOn: [Db], onStop: () => journal.add('Marker:stop') });
    const Api = defineService('Api', { dependsOn: [Marker], onReady: () => journal.add('Api') });
    const container = new Container();
    bindAll(container, Db, Marker, Api);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    assert.deepEqual(journal.entries, ['Db', 'Api']);
    assert.equal(lifecycle.status().services.find((service) => service.name === 'Marker')?.state, 'ready');
    await lifecycle.stop();
    assert.ok(journal.has('Marker:stop'));
  });

  it('holds a layer back until every service of the layers it depends on is ready', async () => {
    const Web = layer('web');
    const Consensus = layer('consensus', { dependsOn: [Web] });
    const journal = new Journal();
    const slow = deferred();
    const ManagementApi = defineService('ManagementApi', {
      layer: Web,
      onReady: async () => {
        await slow.promise;
        journal.add('ManagementApi');
      },
    });
    const HealthApi = defineService('HealthApi', { layer: Web, onReady: () => journal.add('HealthApi') });
    const Raft = defineService('Raft', { layer: Consensus, onReady: () => journal.add('Raft') });
    const container = new Container();
    bindAll(container, Raft, ManagementApi, HealthApi);
    const lifecycle = new Lifecycle(container);
    const started = lifecycle.start();
    await flush();
    assert.deepEqual(journal.entries, ['HealthApi'], 'Raft waits for the slow web service too');
    slow.resolve();
    await started;
    assert.deepEqual(journal.entries, ['HealthApi', 'ManagementApi', 'Raft']);
    await lifecycle.stop();
  });

  it('an empty layer passes its dependencies on', async () => {
    const Storage = layer('storage');
    const Empty = layer('empty', { dependsOn: [Storage] });
    const Top = layer('top', { dependsOn: [Empty] });
    const journal = new Journal();
    const gate = deferred();
    const Disk = defineService('Disk', {
      layer: Storage,
      onReady: async () => {
        await gate.promise;
        journal.add('Disk');
      },
    });
    const App = defineService('App', { layer: Top, onReady: () => journal.add('App') });
    const container = new Container();
    bindAll(container, App, Disk);
    const lifecycle = new Lifecycle(container);
    const started = lifecycle.start();
    await flush();
    assert.deepEqual(journal.entries, []);
    gate.resolve();
    await started;
    assert.deepEqual(journal.entries, ['Disk', 'App']);
    await lifecycle.stop();
  });

  it('waits for a lifecycle service reached by injection through a plain service (the seed race)', async () => {
    const journal = new Journal();
    const gate = deferred();
    @injectable('Singleton')
    class WebConfig {
      public addresses: string[] = [];
      public async onReady(): Promise<void> {
        await gate.promise;
        this.addresses = ['https://127.0.0.1:1280/edge/management/v1'];
        journal.add('WebConfig');
      }
    }
    @injectable('Singleton')
    class ApiAddresses {
      public constructor(@inject(WebConfig) private readonly config: WebConfig) {}
      public get(): string[] {
        return this.config.addresses;
      }
    }
    @injectable('Singleton')
    class Mesh {
      public advertised: string[] = [];
      public constructor(@inject(ApiAddresses) private readonly addresses: ApiAddresses) {}
      public onReady(): void {
        this.advertised = this.addresses.get();
        journal.add('Mesh');
      }
    }
    const container = new Container();
    container.bind(WebConfig).toSelf();
    container.bind(ApiAddresses).toSelf();
    container.bind(Mesh).toSelf();
    const lifecycle = new Lifecycle(container);
    const started = lifecycle.start();
    await flush();
    gate.resolve();
    await started;
    assert.deepEqual(journal.entries, ['WebConfig', 'Mesh']);
    assert.deepEqual(container.get(Mesh).advertised, ['https://127.0.0.1:1280/edge/management/v1']);
    await lifecycle.stop();
  });

  it('resolves services through the container, so async activation works', async () => {
    const Db = defineService('Db', {
      onReady(this: { activated?: boolean }) {
        assert.equal(this.activated, true, 'onReady runs on the activated instance');
      },
    });
    const container = new Container();
    container
      .bind(Db)
      .toSelf()
      .onActivation(async (_context, instance) => {
        await flush();
        (instance as { activated?: boolean }).activated = true;
        return instance;
      });
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    assert.equal(lifecycle.status().services[0]?.state, 'ready');
    await lifecycle.stop();
  });

  it('start() called again while starting or started returns the same promise', async () => {
    const Db = defineService('Db', { onReady: () => flush() });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    const first = lifecycle.start();
    assert.equal(lifecycle.start(), first);
    await first;
    assert.equal(lifecycle.start(), first);
    await lifecycle.stop();
  });

  it('a graph error rejects start() with that error itself, before constructing anything', async () => {
    let constructed = 0;
    const A = defineService('A', { onReady: () => undefined });
    const B = defineService('B', { dependsOn: [A] });
    (A.prototype as { onReady: unknown }).onReady = () => undefined;
    const container = new Container();
    container.bind(A).toSelf().inTransientScope().onActivation((_context, instance) => {
      constructed += 1;
      return instance;
    });
    bindAll(container, B);
    const lifecycle = new Lifecycle(container);
    await assert.rejects(lifecycle.start(), (error: unknown) => error instanceof ReadyGraphError && error.code === 'ERR_READYGRAPH_SCOPE');
    assert.equal(constructed, 0);
    assert.equal(lifecycle.status().state, 'failed');
  });

  it('emits starting/ready pairs for each service and ready for the whole, with durations', async () => {
    const clock = new ManualClock();
    const Db = defineService('Db', { onReady: () => new Promise<void>((resolve) => clock.setTimeout(resolve, 10)) });
    const Api = defineService('Api', { dependsOn: [Db], onReady: () => new Promise<void>((resolve) => clock.setTimeout(resolve, 5)) });
    const container = new Container();
    bindAll(container, Db, Api);
    const lifecycle = new Lifecycle(container, { name: 'controller', clock });
    const seen: string[] = [];
    const wholes: Array<LifecycleEvents['ready']> = [];
    lifecycle.on('service:starting', (event) => seen.push(`starting ${event.name} at ${event.at}`));
    lifecycle.on('service:ready', (event) => seen.push(`ready ${event.name} at ${event.at} after ${event.durationMs}`));
    lifecycle.on('ready', (event) => wholes.push(event));
    const started = lifecycle.start();
    await clock.advance(15);
    await started;
    assert.deepEqual(seen, ['starting Db at 0', 'ready Db at 10 after 10', 'starting Api at 10', 'ready Api at 15 after 5']);
    assert.deepEqual(wholes, [{ name: 'controller', durationMs: 15 }]);
    await lifecycle.stop();
  });

  it('a listener that throws does not break the start: the other listeners run and the error is a process warning', async (t) => {
    const Db = defineService('Db', { onReady: () => undefined });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    // The warning is captured here instead of reaching the console (where it would read as a failure of the run).
    const warnings = t.mock.method(process, 'emitWarning', () => undefined);
    const readyAfterTheBug: string[] = [];
    lifecycle.on('service:ready', () => {
      throw new Error('listener bug');
    });
    lifecycle.on('service:ready', (event) => readyAfterTheBug.push(event.name));
    await lifecycle.start();
    assert.equal(lifecycle.status().state, 'ready');
    assert.deepEqual(readyAfterTheBug, ['Db'], 'the next listener still ran');
    assert.deepEqual(
      warnings.mock.calls.map((call) => [String(call.arguments[0]), (call.arguments[1] as { code?: string } | undefined)?.code]),
      [['a "service:ready" listener threw: listener bug', 'READYGRAPH_LISTENER_ERROR']],
    );
    await lifecycle.stop();
  });
});

describe('status', () => {
  it('is a JSON-serialisable snapshot with states and times from the start of start()', async () => {
    const Web = layer('web');
    const gate = deferred();
    const Db = defineService('Db', { onReady: () => gate.promise });
    const Api = defineService('Api', { layer: Web, dependsOn: [Db], onReady: () => undefined });
    const container = new Container();
    bindAll(container, Db, Api);
    const lifecycle = new Lifecycle(container);
    assert.deepEqual(lifecycle.status(), {
      state: 'idle',
      services: [
        { name: 'Db', state: 'pending', dependsOn: [], available: false, blockedBy: [], restarts: 0 },
        { name: 'Api', layer: 'web', state: 'pending', dependsOn: ['Db'], available: false, blockedBy: [], restarts: 0 },
      ],
    });
    const started = lifecycle.start();
    await flush();
    const during = lifecycle.status();
    assert.equal(during.state, 'starting');
    assert.deepEqual(
      during.services.map((service) => [service.name, service.state]),
      [
        ['Db', 'starting'],
        ['Api', 'pending'],
      ],
    );
    gate.resolve();
    await started;
    const after = JSON.parse(JSON.stringify(lifecycle.status())) as ReturnType<Lifecycle['status']>;
    assert.equal(after.state, 'ready');
    const [db, api] = after.services;
    assert.ok(db?.startedAt !== undefined && db.readyAt !== undefined && db.startedAt >= 0 && db.readyAt >= db.startedAt);
    assert.ok(api?.startedAt !== undefined && db.readyAt <= api.startedAt, 'Api started after Db was ready');
    await lifecycle.stop();
    const stopped = lifecycle.status();
    assert.equal(stopped.state, 'stopped');
    assert.ok(stopped.services.every((service) => service.state === 'stopped' && service.stoppedAt !== undefined));
  });
});
