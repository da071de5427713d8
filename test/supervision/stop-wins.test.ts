import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Contexts } from '../support/Contexts.js';
import { flush } from '../support/ManualClock.js';
import { deferred, Journal } from '../support/services.js';
import { defineSupervised, harness, journaled, restartExactly, settled } from './harness.js';

describe('stop() wins', () => {
  it('"it cancels pending restarts and backoff delays … no timer of the lifecycle is left"', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady, supervise: { ...restartExactly, backoff: { initialMs: 30_000, jitter: 0 } } });
    const h = harness([Db]);
    await h.lifecycle.start();
    db.last.fail(new Error('lost'));
    await flush();
    assert.equal(h.service('Db').state, 'restarting');
    assert.ok(h.clock.pending > 0, 'the backoff delay is a timer');
    await h.lifecycle.stop();
    assert.equal(h.clock.pending, 0, 'ManualClock.pending === 0');
    assert.equal(h.lifecycle.state, 'stopped');
    await h.clock.advance(60_000);
    assert.equal(db.all.length, 1, 'the restart never happens');
    await h.lifecycle.whenStopped();
  });

  it('"after stop() settles no hook or health check is ever called again and no timer of the lifecycle is left"', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const Db = defineSupervised('Db', {
      ...journaled('Db', journal, db),
      checkHealth: () => {
        journal.add('Db:checkHealth');
      },
      supervise: { ...restartExactly, health: { intervalMs: 1_000, timeoutMs: 500 } },
    });
    const h = harness([Db], { startTimeoutMs: 5_000, stopTimeoutMs: 5_000 });
    await h.lifecycle.start();
    await h.clock.advance(1_000);
    assert.ok(journal.has('Db:checkHealth'));
    await h.lifecycle.stop();
    const after = journal.entries.length;
    db.last.fail(new Error('late'));
    db.last.unready('late');
    await h.clock.advance(120_000);
    assert.equal(journal.entries.length, after, `nothing after the stop; journal: ${journal.entries.join(', ')}`);
    assert.equal(h.clock.pending, 0);
  });

  it('"aborts the hooks that run": stop() during a restart\'s onReady aborts it and stops the run if it becomes ready', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const gate = deferred();
    const Db = defineSupervised('Db', {
      onReady: async (ctx) => {
        db.onReady(ctx);
        if (db.all.length === 2) {
          await gate.promise;
          journal.add(`aborted:${String(ctx.signal.aborted)}`);
        }
      },
      onStop: (ctx) => journal.add(`onStop:${ctx.reason}`),
      supervise: restartExactly,
    });
    const h = harness([Db]);
    await h.lifecycle.start();
    db.last.fail(new Error('lost'));
    await h.clock.advance(100);
    assert.equal(db.all.length, 2);
    const stopped = settled(h.lifecycle.stop());
    await flush();
    assert.equal(db.last.signal.aborted, true);
    assert.equal(stopped.done, false, 'the stop awaits the running hook');
    gate.resolve();
    await flush();
    assert.equal(stopped.done, true);
    assert.deepEqual(journal.entries, ['onStop:restart', 'aborted:true', 'onStop:stop'], 'the run that became ready got its one onStop');
    assert.equal(h.clock.pending, 0);
  });

  it('"stop() wins" over a given-up service\'s pending take-down and over health watching (escalate: false)', async () => {
    const db = new Contexts();
    let checks = 0;
    const Db = defineSupervised('Db', {
      onReady: db.onReady,
      checkHealth: () => {
        checks += 1;
        return false;
      },
      supervise: { escalate: false, health: { intervalMs: 1_000, failAfter: 2 } },
    });
    const Api = defineSupervised('Api', { dependsOn: [Db] });
    const h = harness([Db, Api]);
    await h.lifecycle.start();
    await h.clock.advance(2_000);
    assert.equal(h.service('Db').state, 'failed', 'failAfter 2 gave up on it');
    await h.lifecycle.stop();
    const seen = checks;
    await h.clock.advance(10_000);
    assert.equal(checks, seen);
    assert.equal(h.clock.pending, 0);
  });
});

describe('StopContext.reason', () => {
  it('"\'rollback\' for every stop made because a start did not complete (a failure, or stop() during start())"', async () => {
    for (const how of ['failure', 'stop'] as const) {
      const journal = new Journal();
      const gate = deferred();
      const Config = defineSupervised('Config', { onStop: (ctx) => journal.add(`Config:${ctx.reason}`) });
      const Db = defineSupervised('Db', {
        dependsOn: [Config],
        onReady: async ({ signal }) => {
          await Promise.race([gate.promise, new Promise((resolve) => signal.addEventListener('abort', resolve))]);
          if (how === 'failure') throw new Error('boom');
        },
      });
      const h = harness([Config, Db]);
      const started = settled(h.lifecycle.start());
      await flush();
      if (how === 'failure') gate.resolve();
      else await h.lifecycle.stop();
      await flush();
      assert.ok(started.error !== undefined, `start() rejected (${how})`);
      assert.deepEqual(journal.entries, ['Config:rollback'], how);
    }
  });

  it('"\'restart\' inside a restart, \'stop\' otherwise"', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady, onStop: (ctx) => journal.add(`Db:${ctx.reason}`), supervise: restartExactly });
    const Repo = defineSupervised('Repo', { dependsOn: [Db], onStop: (ctx) => journal.add(`Repo:${ctx.reason}`), supervise: { restartWithDependencies: true } });
    const h = harness([Db, Repo]);
    await h.lifecycle.start();
    db.last.fail(new Error('lost'));
    await h.clock.advance(100);
    await h.lifecycle.restart(Db);
    await h.lifecycle.stop();
    assert.deepEqual(journal.entries, ['Repo:restart', 'Db:restart', 'Repo:restart', 'Db:restart', 'Repo:stop', 'Db:stop']);
    const stopping = h.of('service:stopping').map((event) => `${event.name}:${event.reason}`);
    assert.deepEqual(stopping, journal.entries, 'the stopping events carry the same reason');
  });
});
