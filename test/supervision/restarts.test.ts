import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Contexts } from '../support/Contexts.js';
import { flush } from '../support/ManualClock.js';
import { deferred, Journal } from '../support/services.js';
import { defineSupervised, harness, journaled, restartExactly } from './harness.js';

describe('restarts, backoff and restart sets', () => {
  it('"A restart, in this order": failed, restarting, the restart set stopped in reverse readiness order, the failed service\'s onStop, onReady again, then the set in readiness order', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const hooks = (name: string, onReady?: (ctx: Parameters<Contexts['onReady']>[0]) => void) => ({
      onReady: (ctx: Parameters<Contexts['onReady']>[0]) => {
        journal.add(`${name}:onReady`);
        onReady?.(ctx);
      },
      onStop: (ctx: { reason: string }) => journal.add(`${name}:onStop:${ctx.reason}`),
    });
    const Db = defineSupervised('Db', { ...hooks('Db', db.onReady), supervise: restartExactly });
    const Repo = defineSupervised('Repo', { dependsOn: [Db], ...hooks('Repo'), supervise: { restartWithDependencies: true } });
    const Api = defineSupervised('Api', { dependsOn: [Repo], ...hooks('Api'), supervise: { restartWithDependencies: true } });
    const h = harness([Db, Repo, Api]);
    h.lifecycle.on('service:failed', () => journal.add('event:failed'));
    h.lifecycle.on('service:restarting', () => journal.add('event:restarting'));
    await h.lifecycle.start();
    journal.entries.length = 0;
    const cause = new Error('connection reset');
    db.last.fail(cause);
    await flush();
    assert.deepEqual(journal.entries, ['event:failed', 'event:restarting', 'Api:onStop:restart', 'Repo:onStop:restart', 'Db:onStop:restart']);
    await h.clock.advance(100);
    assert.deepEqual(journal.entries.slice(5), ['Db:onReady', 'Repo:onReady', 'Api:onReady']);
    const restarting = h.of('service:restarting');
    assert.equal(restarting.length, 1);
    assert.equal(restarting[0]?.name, 'Db');
    assert.equal(restarting[0]?.attempt, 1);
    assert.equal(restarting[0]?.delayMs, 100);
    assert.equal(restarting[0]?.cause, cause);
    await h.lifecycle.stop();
  });

  it('"the Lifecycle option supervise gives the defaults for every service": field by field under each class\'s own @supervise', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const cache = new Contexts();
    // Db declares nothing: the option's policy restarts it after the option's 250 ms, and Repo restarts with it.
    const Db = defineSupervised('Db', { ...journaled('Db', journal, db) });
    const Repo = defineSupervised('Repo', { dependsOn: [Db], ...journaled('Repo', journal) });
    // Cache overrides one field: restart 'never' (escalate false from the option), so it is given up, not restarted.
    const Cache = defineSupervised('Cache', { ...journaled('Cache', journal, cache), supervise: { restart: 'never' } });
    const h = harness([Db, Repo, Cache], {
      supervise: { restart: 'on-failure', escalate: false, restartWithDependencies: true, backoff: { initialMs: 250, jitter: 0 } },
    });
    await h.lifecycle.start();
    journal.entries.length = 0;
    db.last.fail(new Error('connection reset'));
    await flush();
    assert.deepEqual(journal.entries, ['Repo:onStop:restart', 'Db:onStop:restart']);
    await h.clock.advance(249);
    assert.equal(journal.entries.length, 2, 'the option backoff of 250 ms has not passed yet');
    await h.clock.advance(1);
    assert.deepEqual(journal.entries.slice(2), ['Db:onReady', 'Repo:onReady']);
    cache.last.fail(new Error('evicted'));
    await flush();
    assert.equal(h.service('Cache').state, 'failed');
    assert.equal(h.of('service:gave-up').length, 1);
    assert.equal(h.lifecycle.state, 'degraded', "escalate: false comes from the option, Cache's own policy names only restart");
    await h.lifecycle.stop();
  });

  it('"its onReady runs again on the same instance with a new context"', async () => {
    const instances: object[] = [];
    const db = new Contexts();
    const Db = defineSupervised('Db', {
      onReady(this: object, ctx) {
        instances.push(this);
        db.onReady(ctx);
      },
      supervise: restartExactly,
    });
    const h = harness([Db]);
    await h.lifecycle.start();
    db.last.fail(new Error('x'));
    await h.clock.advance(100);
    assert.equal(instances.length, 2);
    assert.equal(instances[0], instances[1]);
    assert.notEqual(db.all[0], db.all[1]);
    await h.lifecycle.stop();
  });

  it('"delay before restart n … min(maxMs, initialMs × factor^(n−1))" (jitter 0)', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', {
      onReady: db.onReady,
      supervise: { restart: 'on-failure', maxRestarts: 10, backoff: { initialMs: 100, factor: 3, maxMs: 1_000, jitter: 0 } },
    });
    const h = harness([Db]);
    await h.lifecycle.start();
    const expected = [100, 300, 900, 1_000, 1_000];
    for (const delay of expected) {
      const runs = db.all.length;
      db.last.fail(new Error('again'));
      await h.clock.advance(delay - 1);
      assert.equal(db.all.length, runs, `not before ${delay} ms`);
      await h.clock.advance(1);
      assert.equal(db.all.length, runs + 1, `at ${delay} ms`);
    }
    assert.deepEqual(
      h.of('service:restarting').map((event) => event.delayMs),
      expected,
    );
    assert.deepEqual(
      h.of('service:restarting').map((event) => event.attempt),
      [1, 2, 3, 4, 5],
    );
    await h.lifecycle.stop();
  });

  it('"times a random factor in [1 − jitter, 1 + jitter]", the factor drawn from the random option', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', {
      onReady: db.onReady,
      supervise: { restart: 'on-failure', maxRestarts: 1_000, withinMs: 1, backoff: { initialMs: 1_000, factor: 1, jitter: 0.5 } },
    });
    const draws = [0, 0.25, 0.5, 0.75];
    let drawn = 0;
    const h = harness([Db], { random: () => draws[drawn++ % draws.length] as number });
    await h.lifecycle.start();
    const expected = [500, 750, 1_000, 1_250];
    for (const delay of expected) {
      const runs = db.all.length;
      db.last.fail(new Error('again'));
      await h.clock.advance(delay - 1);
      assert.equal(db.all.length, runs, `not before ${delay} ms`);
      await h.clock.advance(1);
      assert.equal(db.all.length, runs + 1, `at ${delay} ms`);
    }
    assert.deepEqual(
      h.of('service:restarting').map((event) => event.delayMs),
      expected,
      'random 0 gives 1 − jitter, 0.5 the base, towards 1 gives 1 + jitter',
    );
    await h.lifecycle.stop();
  });

  it('"The backoff delay is waited after the failed service\'s onStop has settled, before its onReady"', async () => {
    const db = new Contexts();
    const stopped = deferred();
    let stops = 0;
    const Db = defineSupervised('Db', {
      onReady: db.onReady,
      onStop: () => {
        stops += 1;
        return stops === 1 ? stopped.promise : undefined;
      },
      supervise: restartExactly,
    });
    const h = harness([Db]);
    await h.lifecycle.start();
    db.last.fail(new Error('x'));
    await h.clock.advance(5_000);
    assert.equal(db.all.length, 1, 'no onReady while the onStop runs');
    stopped.resolve();
    await h.clock.advance(99);
    assert.equal(db.all.length, 1, 'the delay counts from the onStop\'s end');
    await h.clock.advance(1);
    assert.equal(db.all.length, 2);
    await h.lifecycle.stop();
  });

  it('"once all its dependencies are available": a restart waits for an unready dependency', async () => {
    const config = new Contexts();
    const db = new Contexts();
    const Config = defineSupervised('Config', { onReady: config.onReady });
    const Db = defineSupervised('Db', { dependsOn: [Config], onReady: db.onReady, supervise: restartExactly });
    const h = harness([Config, Db]);
    await h.lifecycle.start();
    config.last.unready('reloading');
    db.last.fail(new Error('x'));
    await h.clock.advance(1_000);
    assert.equal(db.all.length, 1, '"an onReady never runs while a service it depends on is not available"');
    assert.deepEqual(h.service('Db').blockedBy, ['Config']);
    config.last.ready();
    await flush();
    assert.equal(db.all.length, 2);
    await h.lifecycle.stop();
  });

  it('"a failure there is the next failure": a failing onReady of a restart is restarted with the next delay', async () => {
    let runs = 0;
    const db = new Contexts();
    const Db = defineSupervised('Db', {
      onReady: (ctx) => {
        runs += 1;
        db.onReady(ctx);
        if (runs === 2) throw new Error('still down');
      },
      supervise: restartExactly,
    });
    const h = harness([Db]);
    await h.lifecycle.start();
    db.last.fail(new Error('down'));
    await h.clock.advance(100);
    assert.equal(runs, 2);
    assert.equal(h.service('Db').state, 'restarting');
    const second = h.of('service:restarting')[1];
    assert.equal(second?.attempt, 2);
    assert.equal(second?.delayMs, 200);
    assert.equal((second?.cause as Error | undefined)?.message, 'still down');
    await h.clock.advance(200);
    assert.equal(runs, 3);
    assert.equal(h.service('Db').state, 'ready');
    await h.lifecycle.stop();
  });

  it('"within startTimeoutMs; a failure there is the next failure"; "A timed-out hook that never settles blocks the next run of its service"', async () => {
    const db = new Contexts();
    const hang = deferred();
    const journal = new Journal();
    const Db = defineSupervised('Db', {
      onReady: (ctx) => {
        db.onReady(ctx);
        return db.all.length === 2 ? hang.promise : undefined;
      },
      onStop: (ctx) => journal.add(`onStop:${ctx.reason}`),
      supervise: restartExactly,
    });
    const h = harness([Db], { startTimeoutMs: 1_000 });
    await h.lifecycle.start();
    db.last.fail(new Error('down'));
    await h.clock.advance(100);
    assert.equal(db.all.length, 2);
    await h.clock.advance(1_000);
    const failed = h.of('service:failed').at(-1);
    assert.equal((failed?.error as { code?: string } | undefined)?.code, 'ERR_READYGRAPH_START_TIMEOUT');
    assert.equal(h.of('service:restarting').at(-1)?.attempt, 2, 'the timeout is the next failure');
    await h.clock.advance(10_000);
    assert.equal(db.all.length, 2, 'no new onReady while the timed-out one has not settled');
    assert.equal(h.service('Db').state, 'restarting');
    assert.equal(h.service('Db').hook, 'onReady', 'status() names the hook that hangs');
    hang.resolve();
    await flush();
    assert.deepEqual(journal.entries, ['onStop:restart', 'onStop:restart'], 'the late success gets its onStop');
    assert.equal(db.all.length, 3, 'then the next run starts');
    assert.equal(h.service('Db').state, 'ready');
    await h.lifecycle.stop();
  });

  it('"The restart set is the failed service plus, repeatedly, every service with restartWithDependencies: true that depends directly on a member"', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const stopsOf = (name: string) => ({ onReady: () => journal.add(`${name}:onReady`), onStop: () => journal.add(`${name}:onStop`) });
    const Db = defineSupervised('Db', { onReady: db.onReady, supervise: restartExactly });
    const Repo = defineSupervised('Repo', { dependsOn: [Db], ...stopsOf('Repo'), supervise: { restartWithDependencies: true } });
    const Api = defineSupervised('Api', { dependsOn: [Repo], ...stopsOf('Api'), supervise: { restartWithDependencies: true } });
    const Cache = defineSupervised('Cache', { dependsOn: [Db], ...stopsOf('Cache') });
    // Depends on Db only through Cache, which is not in the set: not a member either.
    const Web = defineSupervised('Web', { dependsOn: [Cache], ...stopsOf('Web'), supervise: { restartWithDependencies: true } });
    const h = harness([Db, Repo, Api, Cache, Web]);
    await h.lifecycle.start();
    journal.entries.length = 0;
    db.last.fail(new Error('x'));
    await flush();
    assert.equal(h.service('Repo').state, 'restarting', 'its other members are restarting too');
    assert.equal(h.service('Api').state, 'restarting');
    assert.equal(h.service('Cache').state, 'ready', '"false: it stays up, unavailable while its dependency is"');
    assert.equal(h.service('Cache').available, false);
    assert.deepEqual(h.service('Cache').blockedBy, ['Db']);
    assert.equal(h.service('Web').state, 'ready');
    assert.equal(h.service('Web').available, false);
    assert.deepEqual(h.service('Web').blockedBy, ['Cache']);
    await h.clock.advance(100);
    assert.deepEqual(journal.entries.sort(), ['Api:onReady', 'Api:onStop', 'Repo:onReady', 'Repo:onStop']);
    assert.equal(h.service('Cache').available, true);
    assert.equal(h.service('Web').available, true);
    await h.lifecycle.stop();
  });

  it('"Its other members … get the usual service:stopping/stopped/starting/ready events, but no service:restarting and no count in restarts"', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady, supervise: restartExactly });
    const Repo = defineSupervised('Repo', { dependsOn: [Db], supervise: { restartWithDependencies: true } });
    const h = harness([Db, Repo]);
    await h.lifecycle.start();
    const from = h.events.length;
    db.last.fail(new Error('x'));
    await h.clock.advance(100);
    const repoEvents = h.events
      .slice(from)
      .filter(({ payload }) => (payload as { name?: string }).name === 'Repo')
      .map(({ event }) => event);
    assert.deepEqual(repoEvents, ['service:stopping', 'service:stopped', 'service:starting', 'service:ready']);
    assert.equal(h.service('Repo').restarts, 0);
    assert.equal(h.service('Db').restarts, 1);
    const repoReady = h.of('service:ready').filter((event) => event.name === 'Repo').at(-1);
    assert.equal(repoReady?.restart, undefined, 'a member\'s service:ready carries no restart number');
    await h.lifecycle.stop();
  });

  it('"every run whose onReady succeeded gets exactly one onStop; a run whose onReady failed gets none"', async () => {
    let runs = 0;
    const stops: number[] = [];
    const db = new Contexts();
    const Db = defineSupervised('Db', {
      onReady: (ctx) => {
        runs += 1;
        db.onReady(ctx);
        if (runs === 2) throw new Error('flaky');
      },
      onStop: () => {
        stops.push(runs);
      },
      supervise: restartExactly,
    });
    const h = harness([Db]);
    await h.lifecycle.start();
    db.last.fail(new Error('x')); // run 1 failed after it was ready: owed its onStop
    await h.clock.advance(100); // run 2 fails in onReady: owed none
    await h.clock.advance(200); // run 3 ready
    await h.lifecycle.stop();
    assert.equal(runs, 3);
    assert.deepEqual(stops, [1, 3]);
  });
});
