import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { createProbeHandler, dependsOn, layer, Lifecycle, ReadyGraphError, supervise } from 'readygraph';
import { flush, ManualClock } from '../support/ManualClock.js';
import { bindAll, deferred, defineService, Journal } from '../support/services.js';

/** Db ← Repo ← Api, and Mesh on its own: each records its construction and hooks in `journal`. */
function app(journal: Journal, fail: ReadonlySet<string> = new Set()): { container: Container; types: Record<'Db' | 'Repo' | 'Api' | 'Mesh', new () => object> } {
  const make = (name: string, dependencies: ReadonlyArray<new () => object> = []): new () => object => {
    const type = defineService(name, {
      dependsOn: dependencies,
      onReady: () => {
        journal.add(`${name}:onReady`);
        if (fail.has(name)) throw new Error(`${name} broke`);
      },
      onStop: (context) => journal.add(`${name}:onStop:${context.reason}`),
    });
    return type;
  };
  const Db = make('Db');
  const Repo = make('Repo', [Db]);
  const Api = make('Api', [Repo]);
  const Mesh = make('Mesh');
  const container = new Container();
  bindAll(container, Db, Repo, Api, Mesh);
  // Construction is recorded through an activation: nothing outside the closure may be resolved.
  for (const [name, type] of Object.entries({ Db, Repo, Api, Mesh })) {
    container.onActivation(type, (_context, instance) => {
      journal.add(`${name}:resolved`);
      return instance;
    });
  }
  return { container, types: { Db, Repo, Api, Mesh } };
}

function states(lifecycle: Lifecycle): Record<string, string> {
  return Object.fromEntries(lifecycle.status().services.map((service) => [service.name, service.state]));
}

describe('start({ only })', () => {
  it('"starts exactly the closure of those targets … Nothing outside the closure is resolved, constructed or called"; the rest is idle in status() and report()', async () => {
    const journal = new Journal();
    const { container, types } = app(journal);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start({ only: [types.Repo] });
    assert.deepEqual(journal.entries, ['Db:resolved', 'Db:onReady', 'Repo:resolved', 'Repo:onReady']);
    assert.deepEqual(states(lifecycle), { Db: 'ready', Repo: 'ready', Api: 'idle', Mesh: 'idle' });
    assert.deepEqual(
      lifecycle.report().services.map((service) => [service.name, service.state]),
      [['Db', 'ready'], ['Repo', 'ready'], ['Api', 'idle'], ['Mesh', 'idle']],
    );
    await lifecycle.stop();
    assert.deepEqual(journal.entries.slice(4), ['Repo:onStop:stop', 'Db:onStop:stop'], 'stop() stops what ran, and only that');
    assert.deepEqual(states(lifecycle), { Db: 'stopped', Repo: 'stopped', Api: 'idle', Mesh: 'idle' });
  });

  it('a layer target stands for its members, with what they depend on but not their layer-mates\' dependencies', async () => {
    const journal = new Journal();
    const web = layer('web');
    const Db = defineService('Db', { onReady: () => journal.add('Db') });
    const Cache = defineService('Cache', { onReady: () => journal.add('Cache') });
    const Api = defineService('Api', { dependsOn: [Db], layer: web, onReady: () => journal.add('Api') });
    const Other = defineService('Other', { dependsOn: [Cache], onReady: () => journal.add('Other') });
    const container = new Container();
    bindAll(container, Db, Cache, Api, Other);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start({ only: [web] });
    assert.deepEqual(journal.entries, ['Db', 'Api']);
    await lifecycle.stop();
  });

  it('"/readyz and the lifecycle\'s ready/degraded consider the started services only"', async () => {
    const journal = new Journal();
    const { container, types } = app(journal);
    const lifecycle = new Lifecycle(container);
    const server = createServer(createProbeHandler(lifecycle));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await lifecycle.start({ only: [types.Db] });
    assert.equal(lifecycle.state, 'ready', 'idle services do not make it degraded');
    const reply = (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`)).status;
    server.close();
    assert.equal(reply, 200);
    await lifecycle.stop();
  });

  it('"a later start() … while ready or degraded widens the run": it starts what is missing on top of what runs, in order, and resolves when that is ready; the lifecycle stays ready meanwhile', async () => {
    const journal = new Journal();
    const gate = deferred();
    const Db = defineService('Db', { onReady: () => journal.add('Db:onReady') });
    const Repo = defineService('Repo', {
      dependsOn: [Db],
      onReady: async () => {
        journal.add('Repo:onReady');
        await gate.promise;
      },
    });
    const Api = defineService('Api', { dependsOn: [Repo], onReady: () => journal.add('Api:onReady') });
    const container = new Container();
    bindAll(container, Db, Repo, Api);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start({ only: [Db] });
    let widened = false;
    const widening = lifecycle.start({ only: [Api] }).then(() => (widened = true));
    await flush();
    assert.deepEqual(journal.entries, ['Db:onReady', 'Repo:onReady'], 'Db is not started again; Api waits for Repo');
    assert.equal(lifecycle.state, 'ready', 'while a widening runs the lifecycle stays ready for what already ran');
    assert.equal(widened, false);
    gate.resolve();
    await widening;
    assert.deepEqual(journal.entries, ['Db:onReady', 'Repo:onReady', 'Api:onReady']);
    assert.deepEqual(states(lifecycle), { Db: 'ready', Repo: 'ready', Api: 'ready' });
    await lifecycle.stop();
  });

  it('"a failure while widening rolls back only what the widening started (in reverse), leaves the rest running, and rejects with ERR_READYGRAPH_STARTUP"; its services are idle again and a later widening tries them again', async () => {
    const journal = new Journal();
    const fail = new Set(['Api']);
    const { container, types } = app(journal, fail);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start({ only: [types.Db] });
    const error = await lifecycle.start({ only: [types.Api, types.Mesh] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ReadyGraphError);
    assert.equal(error.code, 'ERR_READYGRAPH_STARTUP');
    assert.deepEqual(error.failures?.map((failure) => failure.service), ['Api']);
    assert.ok(!journal.has('Db:onStop:rollback') && !journal.has('Db:onStop:stop'), 'what ran before keeps running');
    assert.ok(journal.indexOf('Repo:onStop:rollback') > journal.indexOf('Api:onReady'));
    assert.ok(journal.has('Mesh:onStop:rollback'));
    assert.deepEqual(states(lifecycle), { Db: 'ready', Repo: 'idle', Api: 'idle', Mesh: 'idle' });
    assert.equal(lifecycle.state, 'ready', 'ready as before');
    fail.clear();
    await lifecycle.start({ only: [types.Api] });
    assert.deepEqual(states(lifecycle), { Db: 'ready', Repo: 'ready', Api: 'ready', Mesh: 'idle' });
    await lifecycle.stop();
  });

  it('a widening that fails skips what it had not started: idle at once, never started while the take-down runs, and named in skipped', async () => {
    const journal = new Journal();
    const Base = defineService('Base', { onReady: () => journal.add('Base:onReady') });
    const make = (name: string, fails = false): new () => object =>
      defineService(name, {
        onReady: () => {
          journal.add(`${name}:onReady`);
          if (fails) throw new Error(`${name} broke`);
        },
        onStop: (context) => journal.add(`${name}:onStop:${context.reason}`),
      });
    // One hook at a time: First fails while Second and Third wait for the slot.
    const First = make('First', true);
    const Second = make('Second');
    const Third = make('Third');
    const container = new Container();
    bindAll(container, Base, First, Second, Third);
    const lifecycle = new Lifecycle(container, { concurrency: 1 });
    await lifecycle.start({ only: [Base] });
    const error = await lifecycle.start({ only: [First, Second, Third] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ReadyGraphError);
    assert.deepEqual(error.failures?.map((failure) => failure.service), ['First']);
    assert.deepEqual([...(error.skipped ?? [])].sort(), ['Second', 'Third']);
    assert.ok(!journal.has('Second:onReady') && !journal.has('Third:onReady'), journal.entries.join(', '));
    assert.deepEqual(states(lifecycle), { Base: 'ready', First: 'idle', Second: 'idle', Third: 'idle' });
    await lifecycle.stop();
  });

  it('"retryStart works whatever restart says" in a widening too: a failing member is retried under its policy; the widening fails (rolled back, the lifecycle still ready) only once the policy gives up', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const Base = defineService('Base', { onReady: () => undefined });
    const Flaky = defineService('Flaky', {
      onReady: () => {
        runs += 1;
        if (runs === 1) throw new Error('not yet');
      },
    });
    supervise({ retryStart: true, backoff: { initialMs: 100, jitter: 0 } })(Flaky);
    const container = new Container();
    bindAll(container, Base, Flaky);
    const lifecycle = new Lifecycle(container, { clock });
    await lifecycle.start({ only: [Base] });
    let outcome = 'pending';
    const widening = lifecycle.start({ only: [Flaky] }).then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = `rejected: ${(error as Error).message}`),
    );
    await flush();
    assert.equal(runs, 1);
    assert.equal(outcome, 'pending', 'the failure went to supervision, not to the widening');
    await clock.advance(100);
    await widening;
    assert.equal(runs, 2);
    assert.equal(outcome, 'resolved');
    assert.deepEqual(states(lifecycle), { Base: 'ready', Flaky: 'ready' });
    await lifecycle.stop();

    // A member that never comes up: one retry (maxRestarts 1), then the widening fails, not the lifecycle.
    let attempts = 0;
    const Broken = defineService('Broken', {
      onReady: () => {
        attempts += 1;
        throw new Error(`attempt ${attempts}`);
      },
    });
    supervise({ retryStart: true, maxRestarts: 1, backoff: { initialMs: 100, jitter: 0 } })(Broken);
    const other = new Container();
    bindAll(other, Base, Broken);
    const second = new Lifecycle(other, { clock });
    await second.start({ only: [Base] });
    let failed: unknown;
    const widened = second.start({ only: [Broken] }).catch((error: unknown) => (failed = error));
    await flush();
    await clock.advance(100);
    await widened;
    assert.equal(attempts, 2);
    assert.ok(failed instanceof ReadyGraphError, String(failed));
    assert.equal(failed.code, 'ERR_READYGRAPH_STARTUP');
    assert.deepEqual(failed.failures?.map((failure) => (failure.error as Error).message), ['attempt 2']);
    assert.equal(second.state, 'ready', 'the lifecycle keeps running what it ran');
    assert.deepEqual(states(second), { Base: 'ready', Broken: 'idle' });
    await second.stop();
  });

  it('a widening that fails while another member waits out its backoff leaves that member idle: its delay is cancelled (no timer left armed), nothing starts at its end, and a later widening that takes it in again is not cut short by it', async () => {
    const clock = new ManualClock();
    const calls: string[] = [];
    let retryFails = true;
    const Base = defineService('Base', { onReady: () => undefined });
    const Retry = defineService('Retry', {
      onReady: () => {
        calls.push('Retry');
        if (retryFails) throw new Error('Retry not yet');
      },
    });
    const Doomed = defineService('Doomed', {
      onReady: () => {
        calls.push('Doomed');
        throw new Error('Doomed broke');
      },
    });
    supervise({ retryStart: true, backoff: { initialMs: 1000, jitter: 0 } })(Retry);
    supervise({ retryStart: true, maxRestarts: 1, backoff: { initialMs: 10, jitter: 0 } })(Doomed);
    const container = new Container();
    bindAll(container, Base, Retry, Doomed);
    const lifecycle = new Lifecycle(container, { clock });
    await lifecycle.start({ only: [Base] });
    let failed: unknown;
    const widened = lifecycle.start({ only: [Retry, Doomed] }).catch((error: unknown) => (failed = error));
    await flush();
    await clock.advance(10); // Doomed's one retry fails: its policy gives up, the widening fails; Retry waits 1000 ms
    await widened;
    assert.ok(failed instanceof ReadyGraphError, String(failed));
    assert.deepEqual(failed.failures?.map((failure) => failure.service), ['Doomed']);
    assert.deepEqual(states(lifecycle), { Base: 'ready', Retry: 'idle', Doomed: 'idle' });
    assert.equal(clock.pending, 0, "Retry's backoff timer is cleared when it goes idle: no timer is left armed for a restart that cannot happen");
    await clock.advance(1000);
    await flush();
    assert.deepEqual(calls, ['Retry', 'Doomed', 'Doomed'], 'the end of the backoff started nothing');
    assert.deepEqual(states(lifecycle), { Base: 'ready', Retry: 'idle', Doomed: 'idle' });

    await lifecycle.stop();

    // Taken in again while its first backoff (1000 ms) still runs: it fails again and waits its new backoff, which
    // the end of the first one does not cut short.
    calls.length = 0;
    retryFails = true;
    const other = new Container();
    bindAll(other, Base, Retry, Doomed);
    const second = new Lifecycle(other, { clock });
    const delays: number[] = [];
    second.on('service:restarting', (event) => {
      if (event.name === 'Retry') delays.push(event.delayMs);
    });
    await second.start({ only: [Base] });
    const failing = second.start({ only: [Retry, Doomed] }).catch(() => undefined);
    await flush();
    await clock.advance(10);
    await failing;
    const again = second.start({ only: [Retry] });
    await flush();
    assert.deepEqual(calls.filter((call) => call === 'Retry'), ['Retry', 'Retry']);
    const delay = delays.at(-1) as number;
    await clock.advance(delay - 1); // past the end of the first backoff
    await flush();
    assert.deepEqual(calls.filter((call) => call === 'Retry'), ['Retry', 'Retry'], 'held for its own backoff');
    retryFails = false;
    await clock.advance(1);
    await again;
    assert.deepEqual(calls.filter((call) => call === 'Retry'), ['Retry', 'Retry', 'Retry']);
    assert.equal(states(second)['Retry'], 'ready');
    await second.stop();
  });

  it('"whenReady(x) / restart(x) for an idle x is ERR_READYGRAPH_USAGE naming the only that left it out"', async () => {
    const journal = new Journal();
    const { container, types } = app(journal);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start({ only: [types.Repo] });
    await assert.rejects(lifecycle.whenReady(types.Api), (error: ReadyGraphError) => {
      assert.equal(error.code, 'ERR_READYGRAPH_USAGE');
      assert.match(error.message, /"Api" is idle: start\(\{ only: \[Repo\] \}\) left it out/);
      return true;
    });
    await assert.rejects(lifecycle.restart(types.Mesh), (error: ReadyGraphError) => error.code === 'ERR_READYGRAPH_USAGE' && /"Mesh" is idle/.test(error.message));
    await lifecycle.whenReady(types.Repo);
    await lifecycle.stop();
  });

  it('"a restart set never reaches an idle service": restarting a dependency leaves an idle restartWithDependencies dependent untouched', async () => {
    const journal = new Journal();
    const Db = defineService('Db', { onReady: () => journal.add('Db:onReady'), onStop: (context) => journal.add(`Db:onStop:${context.reason}`) });
    const Api = defineService('Api', { onReady: () => journal.add('Api:onReady'), onStop: () => journal.add('Api:onStop') });
    dependsOn(Db)(Api);
    supervise({ restartWithDependencies: true })(Api);
    const container = new Container();
    bindAll(container, Db, Api);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start({ only: [Db] });
    await lifecycle.restart(Db);
    assert.deepEqual(journal.entries, ['Db:onReady', 'Db:onStop:restart', 'Db:onReady']);
    assert.deepEqual(states(lifecycle), { Db: 'ready', Api: 'idle' });
    await lifecycle.stop();
  });

  it('"the whole graph is validated by every start(), partial or not": a cycle outside the closure rejects it', async () => {
    const Db = defineService('Db');
    const A = defineService('A');
    const B = defineService('B', { dependsOn: [A] });
    dependsOn(B)(A);
    const container = new Container();
    bindAll(container, Db, A, B);
    await assert.rejects(new Lifecycle(container).start({ only: [Db] }), (error: ReadyGraphError) => error.code === 'ERR_READYGRAPH_CYCLE');
  });

  it('bad only (an empty array, something unbound, a layer nobody is in) is ERR_READYGRAPH_USAGE naming it; a bad widening leaves the run as it is', async () => {
    const Db = defineService('Db', { onReady: () => undefined });
    const Unbound = defineService('Unbound', { onReady: () => undefined });
    const container = new Container();
    bindAll(container, Db);
    await assert.rejects(new Lifecycle(container).start({ only: [] }), (error: ReadyGraphError) => error.code === 'ERR_READYGRAPH_USAGE' && /non-empty array/.test(error.message));
    await assert.rejects(new Lifecycle(container).start({ only: [Unbound] }), (error: ReadyGraphError) => error.code === 'ERR_READYGRAPH_USAGE' && /"Unbound"/.test(error.message));
    const lifecycle = new Lifecycle(container);
    await lifecycle.start({ only: [Db] });
    await assert.rejects(lifecycle.start({ only: [layer('nobody')] }), (error: ReadyGraphError) => error.code === 'ERR_READYGRAPH_USAGE' && /"nobody"/.test(error.message));
    assert.equal(lifecycle.state, 'ready');
    await lifecycle.stop();
  });

  it('start() while starting is the same promise; start({ only }) while starting waits for that start, then widens', async () => {
    const journal = new Journal();
    const { container, types } = app(journal);
    const lifecycle = new Lifecycle(container);
    const first = lifecycle.start({ only: [types.Db] });
    assert.equal(lifecycle.start(), first);
    const second = lifecycle.start({ only: [types.Mesh] });
    await first;
    assert.notEqual(states(lifecycle)['Mesh'], 'ready', 'the first start resolves with its own closure');
    assert.equal(states(lifecycle)['Db'], 'ready');
    await second;
    assert.equal(states(lifecycle)['Mesh'], 'ready');
    await lifecycle.stop();
  });

  it('stop() during a widening rejects it (ERR_READYGRAPH_STARTUP) and stops what ran', async () => {
    const journal = new Journal();
    const gate = deferred();
    const Db = defineService('Db', { onReady: () => journal.add('Db:onReady'), onStop: () => journal.add('Db:onStop') });
    const Slow = defineService('Slow', {
      onReady: async (context) => {
        journal.add('Slow:onReady');
        await Promise.race([gate.promise, new Promise((resolve) => context.signal.addEventListener('abort', resolve))]);
      },
      onStop: () => journal.add('Slow:onStop'),
    });
    const container = new Container();
    bindAll(container, Db, Slow);
    const lifecycle = new Lifecycle(container);
    await lifecycle.start({ only: [Db] });
    const widening = lifecycle.start({ only: [Slow] });
    await flush();
    await lifecycle.stop();
    await assert.rejects(widening, (error: ReadyGraphError) => error.code === 'ERR_READYGRAPH_STARTUP');
    assert.ok(journal.has('Db:onStop'));
  });

  it('on a 10,000-service graph, start({ only: [X] }) with a closure of 10 resolves and calls exactly the 10 services of the closure', async () => {
    const journal = new Journal();
    const container = new Container();
    const types: Array<new () => object> = [];
    let constructed = 0;
    for (let index = 0; index < 10_000; index += 1) {
      // Chains of 10: service i depends on i − 1 within its chain.
      const dependencies = index % 10 === 0 ? [] : [types[index - 1] as new () => object];
      const type = defineService(`S${index}`, { dependsOn: dependencies, onReady: () => journal.add(`S${index}`) });
      types.push(type);
      container.bind(type).toSelf();
      container.onActivation(type, (_context, instance) => {
        constructed += 1;
        return instance;
      });
    }
    const lifecycle = new Lifecycle(container);
    let starting = 0;
    lifecycle.on('service:starting', () => (starting += 1));
    await lifecycle.start({ only: [types[4_999] as new () => object] });
    assert.equal(constructed, 10);
    assert.equal(starting, 10);
    assert.deepEqual(journal.entries, Array.from({ length: 10 }, (_, offset) => `S${4_990 + offset}`));
    await lifecycle.stop();
  });
});
