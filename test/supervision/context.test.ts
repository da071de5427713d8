import 'reflect-metadata';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { Contexts } from '../support/Contexts.js';
import { flush } from '../support/ManualClock.js';
import { deferred, Journal } from '../support/services.js';
import { defineSupervised, harness, restartExactly, settled } from './harness.js';

/**
 * Db (ready at once), Slow (held) and Api, which depends on both; started with a 1 s start timeout. Db withdraws its
 * readiness while Slow still starts, then Slow becomes ready: Api is left waiting for Db.
 */
async function unreadyDuringStart() {
  const journal = new Journal();
  const db = new Contexts();
  const slow = deferred();
  const Db = defineSupervised('Db', { onReady: db.onReady });
  const Slow = defineSupervised('Slow', { onReady: () => slow.promise });
  const Api = defineSupervised('Api', { dependsOn: [Db, Slow], onReady: () => journal.add('Api:onReady') });
  const h = harness([Db, Slow, Api], { startTimeoutMs: 1_000 });
  const started = settled(h.lifecycle.start());
  await flush();
  db.last.unready('warming');
  slow.resolve();
  return { journal, db, h, started };
}

describe('the run context: unready(), ready(), fail()', () => {
  it('"unready(reason): a ready service withdraws its readiness (state unready)"; "ready(): an unready service is ready again"', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady });
    const h = harness([Db]);
    await h.lifecycle.start();
    db.last.unready('replica lag');
    assert.equal(h.service('Db').state, 'unready');
    assert.equal(h.service('Db').reason, 'replica lag');
    assert.equal(h.service('Db').available, false);
    db.last.ready();
    assert.equal(h.service('Db').state, 'ready');
    assert.equal(h.service('Db').reason, undefined, 'reason is shown only while unready');
    assert.equal(h.service('Db').available, true);
    await h.lifecycle.stop();
  });

  it('"change the service\'s state, status() and the lifecycle\'s ready/degraded state at once, inside the call"', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady });
    const h = harness([Db]);
    await h.lifecycle.start();
    assert.equal(h.lifecycle.state, 'ready');
    db.last.unready('warming');
    // No await in between: the change is visible synchronously after the call.
    assert.equal(h.lifecycle.state, 'degraded');
    assert.equal(h.lifecycle.status().state, 'degraded');
    assert.deepEqual(h.of('degraded').at(-1)?.unavailable, ['Db']);
    db.last.ready();
    assert.equal(h.lifecycle.state, 'ready');
    assert.equal(h.of('degraded').length, 1, 'event degraded');
    assert.equal(h.of('ready').length, 2, 'event ready again, after the start\'s');
    await h.lifecycle.stop();
  });

  it('"unready() on an unready service updates its reason"', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady });
    const h = harness([Db]);
    await h.lifecycle.start();
    db.last.unready('first');
    db.last.unready('second');
    assert.equal(h.service('Db').reason, 'second');
    assert.deepEqual(
      h.of('service:unready').map((event) => event.reason),
      ['first', 'second'],
    );
    assert.equal(h.of('degraded').length, 1, 'one degraded period, not two');
    await h.lifecycle.stop();
  });

  it('"unready … ignored in any other state"; "ready(): … ignored in any other state"', async () => {
    const gate = deferred();
    const db = new Contexts();
    const Db = defineSupervised('Db', {
      onReady: async (ctx) => {
        db.onReady(ctx);
        ctx.unready('while starting'); // starting: ignored
        await gate.promise;
      },
    });
    const h = harness([Db]);
    const started = h.lifecycle.start();
    await flush();
    assert.equal(h.service('Db').state, 'starting');
    gate.resolve();
    await started;
    assert.equal(h.service('Db').state, 'ready', 'the unready() made while starting was ignored');
    db.last.ready(); // ready: ignored
    assert.equal(h.of('service:ready').length, 1, 'ready() on a ready service emits nothing');
    assert.equal(h.of('service:unready').length, 0);
    await h.lifecycle.stop();
  });

  it('"Calls on the context of an earlier run are ignored"', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady, supervise: restartExactly });
    const h = harness([Db]);
    await h.lifecycle.start();
    const first = db.last;
    await h.lifecycle.restart(Db);
    assert.equal(db.all.length, 2);
    first.unready('stale');
    first.fail(new Error('stale'));
    assert.equal(h.service('Db').state, 'ready');
    assert.equal(h.service('Db').restarts, 1, 'the stale fail() made no restart');
    assert.equal(h.of('service:unready').length, 0);
    await h.lifecycle.stop();
  });

  it('"hooks that the change allows to start (a waiting dependent\'s onReady) are started afterwards, never inside the call"', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady });
    // Api's instance is resolved by its first run, so the onReady of its restart could be called synchronously.
    const Api = defineSupervised('Api', { dependsOn: [Db], onReady: () => journal.add('Api:onReady') });
    const h = harness([Db, Api]);
    await h.lifecycle.start();
    journal.entries.length = 0;
    db.last.unready('warming');
    const restarted = h.lifecycle.restart(Api);
    await flush();
    assert.ok(!journal.has('Api:onReady'), 'Api waits while Db is unready');
    db.last.ready();
    assert.ok(!journal.has('Api:onReady'), 'not started inside the ready() call');
    await restarted;
    assert.ok(journal.has('Api:onReady'), 'started afterwards');
    await h.lifecycle.stop();
  });

  it('"Dependents of a service that is unready during the start wait for it; no timeout covers that wait"', async () => {
    const { journal, db, h, started } = await unreadyDuringStart();
    await h.clock.advance(10_000);
    assert.equal(started.done, false, 'start() neither resolved nor failed');
    assert.equal(h.lifecycle.state, 'starting');
    assert.ok(!journal.has('Api:onReady'));
    assert.deepEqual(h.service('Api').blockedBy, ['Db']);
    db.last.ready();
    await flush();
    assert.equal(started.done, true);
    assert.equal(started.error, undefined);
    assert.equal(h.lifecycle.state, 'ready');
    await h.lifecycle.stop();
  });

  it('"fail(error): this run of the service failed: the supervision policy decides what follows" (restart: on-failure restarts it)', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady, supervise: restartExactly });
    const h = harness([Db]);
    await h.lifecycle.start();
    const boom = new Error('connection lost');
    db.last.fail(boom);
    assert.equal(h.service('Db').state, 'restarting');
    const failed = h.of('service:failed').at(-1);
    assert.equal(failed?.phase, 'run');
    assert.equal(failed?.error, boom);
    await h.clock.advance(100);
    assert.equal(db.all.length, 2);
    assert.equal(h.service('Db').state, 'ready');
    await h.lifecycle.stop();
  });

  it('"fail() before the run\'s onReady settled makes the run failed; when that hook settles nothing more is called for the run (no onStop)"', async () => {
    const journal = new Journal();
    const gate = deferred();
    let calls = 0;
    const Db = defineSupervised('Db', {
      onReady: async (ctx) => {
        calls += 1;
        if (calls > 1) return;
        ctx.fail(new Error('bad config'));
        assert.equal(ctx.signal.aborted, true, 'fail() aborts the run at once');
        await gate.promise;
      },
      onStop: (ctx) => journal.add(`Db:onStop:${ctx.reason}`),
      supervise: { ...restartExactly, retryStart: true },
    });
    const h = harness([Db]);
    const started = settled(h.lifecycle.start());
    await flush();
    assert.equal(h.of('service:failed')[0]?.phase, 'start', 'it is that hook\'s failure');
    assert.equal(h.service('Db').state, 'restarting');
    assert.equal(h.service('Db').hook, 'onReady', 'the hook still runs');
    await h.clock.advance(1_000);
    assert.equal(calls, 1, 'the next run waits for the hook to settle: hooks of one service never overlap');
    gate.resolve();
    await flush();
    await h.clock.advance(100);
    assert.equal(calls, 2);
    assert.equal(started.done, true);
    assert.equal(started.error, undefined);
    assert.ok(!journal.has('Db:onStop:restart'), 'the failed run got no onStop');
    await h.lifecycle.stop();
    assert.deepEqual(journal.entries, ['Db:onStop:stop'], 'only the second run is stopped');
  });

  it('"signal … after the hook has resolved it aborts when this run of the service ends: the run failed, or its onStop is about to be called"', async () => {
    const db = new Contexts();
    const seen: boolean[] = [];
    const Db = defineSupervised('Db', {
      onReady: db.onReady,
      onStop: () => {
        seen.push(db.last.signal.aborted);
      },
      supervise: restartExactly,
    });
    const h = harness([Db]);
    await h.lifecycle.start();
    const first = db.last;
    assert.equal(first.signal.aborted, false, 'still running after onReady resolved');
    first.fail(new Error('lost'));
    assert.equal(first.signal.aborted, true, 'aborted when the run failed');
    await h.clock.advance(100);
    const second = db.last;
    assert.notEqual(second, first, 'a new run has a new context');
    assert.equal(second.signal.aborted, false);
    await h.lifecycle.stop();
    assert.deepEqual(seen, [true, true], 'aborted before each onStop was called');
  });
  // Regression: the README's supervision example, `async onReady({ signal, unready, ready, fail })`, crashed the
  // process when a member taken off the context was called later from an event handler (it lost its `this`).
  it('"every function member of ReadyContext … works when taken off its object and called later" (README supervision example)', async () => {
    const connection = new EventEmitter();
    const boom = new Error('connection reset');
    const Db = defineSupervised('Db', {
      onReady: ({ unready, ready, fail }) => {
        connection.on('reconnecting', () => unready('reconnecting'));
        connection.on('connect', () => ready());
        connection.on('fatal', () => fail(boom));
      },
      supervise: restartExactly,
    });
    const h = harness([Db]);
    await h.lifecycle.start();
    connection.emit('reconnecting');
    assert.equal(h.service('Db').state, 'unready');
    assert.equal(h.service('Db').reason, 'reconnecting');
    connection.emit('connect');
    assert.equal(h.service('Db').state, 'ready');
    connection.emit('fatal');
    assert.equal(h.service('Db').state, 'restarting');
    assert.equal(h.of('service:failed').at(-1)?.error, boom);
    connection.removeAllListeners();
    await h.lifecycle.stop();
  });
});
