import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadyGraphError, type SupervisionPolicy } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { flush } from '../support/ManualClock.js';
import { Journal } from '../support/services.js';
import { defineSupervised, harness, journaled, restartExactly, settled } from './harness.js';

/** The rejection of `promise` (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<ReadyGraphError> {
  const caught = await promise.then(
    () => assert.fail('expected a rejection'),
    (error: unknown) => error,
  );
  assert.ok(caught instanceof ReadyGraphError, `a ReadyGraphError, got ${String(caught)}`);
  return caught;
}

/** Config ← Db ← Api, Db failing on demand through its context; each hook journalled with its stop reason. */
function chain(dbPolicy: SupervisionPolicy | undefined) {
  const journal = new Journal();
  const db = new Contexts();
  const Config = defineSupervised('Config', journaled('Config', journal));
  const Db = defineSupervised('Db', { dependsOn: [Config], ...journaled('Db', journal, db), ...(dbPolicy === undefined ? {} : { supervise: dbPolicy }) });
  const Repo = defineSupervised('Repo', { dependsOn: [Db], ...journaled('Repo', journal), supervise: { restartWithDependencies: true } });
  const Api = defineSupervised('Api', { dependsOn: [Db], ...journaled('Api', journal) });
  return { journal, db, Config, Db, Repo, Api, h: harness([Config, Db, Repo, Api]) };
}

describe('maxRestarts, withinMs and giving up', () => {
  it('"a failure that would make more than maxRestarts restarts of this service within withinMs gives up"', async () => {
    const { db, h } = chain({ ...restartExactly, maxRestarts: 2, withinMs: 10_000 });
    await h.lifecycle.start();
    const stopped = settled(h.lifecycle.whenStopped());
    db.last.fail(new Error('one'));
    await h.clock.advance(100);
    db.last.fail(new Error('two'));
    await h.clock.advance(200);
    assert.equal(h.of('service:gave-up').length, 0, 'two restarts are allowed');
    const last = new Error('three');
    db.last.fail(last);
    await flush();
    const gaveUp = h.of('service:gave-up');
    assert.equal(gaveUp.length, 1);
    assert.equal(gaveUp[0]?.restarts, 2);
    assert.equal(h.of('service:restarting').length, 2);
    await flush();
    const error = stopped.error as ReadyGraphError;
    assert.equal(error.code, 'ERR_READYGRAPH_GAVE_UP');
    assert.equal(error.service, 'Db', 'ERR_READYGRAPH_GAVE_UP names the service');
    assert.equal(error.restarts, 2, '"the number counted in the window when it gave up"');
    assert.equal(error.cause, last, '"cause: the last failure"');
    assert.match(error.message, /"Db"/);
    assert.match(error.message, /maxRestarts/, 'the message names the fix');
  });

  it('"counted within withinMs": restarts older than the window no longer count', async () => {
    const { db, h } = chain({ ...restartExactly, maxRestarts: 1, withinMs: 1_000 });
    await h.lifecycle.start();
    db.last.fail(new Error('one'));
    await h.clock.advance(1_000);
    db.last.fail(new Error('two')); // the first restart left the window
    await flush();
    assert.equal(h.of('service:gave-up').length, 0);
    const restarting = h.of('service:restarting');
    assert.equal(restarting[1]?.attempt, 1, 'restart n is counted within the window');
    assert.equal(restarting[1]?.delayMs, 100, 'so the delay starts over');
    await h.clock.advance(100);
    assert.equal(h.lifecycle.state, 'ready');
    await h.lifecycle.stop();
  });

  it('"restart: \'never\'" (the default): a failure after the start gives up at once', async () => {
    const { db, h } = chain(undefined);
    await h.lifecycle.start();
    db.last.fail(new Error('lost'));
    const error = await rejection(h.lifecycle.whenStopped());
    assert.equal(error.code, 'ERR_READYGRAPH_GAVE_UP');
    assert.equal(error.restarts, 0);
    assert.match(error.message, /restart: 'on-failure'/, 'the message says how to make it restart');
    assert.equal(h.of('service:restarting').length, 0);
  });

  it('"escalate: true stops the whole lifecycle in reverse order (the failed service in its place), which ends failed"', async () => {
    const { journal, db, h } = chain({ maxRestarts: 0 });
    await h.lifecycle.start();
    journal.entries.length = 0;
    const states: string[] = [];
    for (const event of ['degraded', 'stopping', 'failed', 'stopped'] as const) h.lifecycle.on(event, () => states.push(event));
    db.last.fail(new Error('lost'));
    const error = await rejection(h.lifecycle.whenStopped());
    assert.equal(error.code, 'ERR_READYGRAPH_GAVE_UP');
    assert.equal(h.lifecycle.state, 'failed');
    assert.deepEqual(states, ['degraded', 'stopping', 'failed'], '"ready/degraded → stopping → failed"');
    assert.ok(journal.indexOf('Api:onStop:stop') < journal.indexOf('Db:onStop:stop'), 'dependents first');
    assert.ok(journal.indexOf('Repo:onStop:stop') < journal.indexOf('Db:onStop:stop'));
    assert.ok(journal.indexOf('Db:onStop:stop') < journal.indexOf('Config:onStop:stop'), 'the failed service in its place');
    assert.equal(h.of('failed')[0]?.error, error);
    assert.equal(h.clock.pending, 0, 'no timer left');
  });

  it('"a stop() called meanwhile resolves when that stop ends"', async () => {
    const { journal, db, h } = chain({ maxRestarts: 0 });
    await h.lifecycle.start();
    db.last.fail(new Error('lost'));
    assert.equal(h.lifecycle.state, 'stopping');
    await h.lifecycle.stop();
    assert.equal(h.lifecycle.state, 'failed');
    assert.ok(journal.has('Config:onStop:stop'), 'the escalation\'s stop had ended');
    await rejection(h.lifecycle.whenStopped());
  });

  it('"escalate: false stops the services that restart with it (reverse order) and then its own run (onStop, reason \'stop\'), leaves it failed, its other dependents unavailable and the lifecycle degraded"', async () => {
    const { journal, db, h } = chain({ maxRestarts: 0, escalate: false });
    await h.lifecycle.start();
    journal.entries.length = 0;
    db.last.fail(new Error('lost'));
    await flush();
    assert.deepEqual(journal.entries, ['Repo:onStop:stop', 'Db:onStop:stop']);
    assert.equal(h.service('Db').state, 'failed');
    assert.equal(h.service('Repo').state, 'stopped', '"the services that restarted with the failed one end stopped"');
    assert.equal(h.service('Api').state, 'ready');
    assert.equal(h.service('Api').available, false);
    assert.deepEqual(h.service('Api').blockedBy, ['Db']);
    assert.equal(h.lifecycle.state, 'degraded');
    await h.clock.advance(60_000);
    assert.equal(h.service('Db').state, 'failed', 'it stays failed: nothing restarts it');
    await h.lifecycle.stop();
    assert.ok(journal.has('Api:onStop:stop'));
    await h.lifecycle.whenStopped();
  });

  it('escalate: false — whenReady of the given-up service or a dependent rejects with ERR_READYGRAPH_GAVE_UP ("it rejects when the lifecycle … gives up before that")', async () => {
    const { db, Db, Api, Config, h } = chain({ maxRestarts: 0, escalate: false });
    await h.lifecycle.start();
    const waiting = h.lifecycle.whenReady(Api);
    db.last.unready('flapping');
    const waitingApi = h.lifecycle.whenReady(Api);
    db.last.fail(new Error('lost'));
    await waiting; // it was available when asked
    assert.equal((await rejection(waitingApi)).code, 'ERR_READYGRAPH_GAVE_UP');
    assert.equal((await rejection(h.lifecycle.whenReady(Db))).code, 'ERR_READYGRAPH_GAVE_UP');
    await h.lifecycle.whenReady(Config);
    await h.lifecycle.stop();
  });

  it('escalate: false leaves the given-up service down when a restart of its dependency reaches it: only restart() of it brings it back', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const Config = defineSupervised('Config', journaled('Config', journal));
    const Db = defineSupervised('Db', {
      dependsOn: [Config],
      ...journaled('Db', journal, db),
      supervise: { maxRestarts: 0, escalate: false, restartWithDependencies: true },
    });
    const h = harness([Config, Db]);
    await h.lifecycle.start();
    db.last.fail(new Error('lost'));
    await flush();
    journal.entries.length = 0;
    // Db would restart with Config (restartWithDependencies), but supervision gave up on it.
    await h.lifecycle.restart(Config);
    await h.clock.advance(60_000);
    assert.deepEqual(journal.entries, ['Config:onStop:restart', 'Config:onReady'], 'Db is neither stopped again nor started');
    assert.equal(h.service('Db').state, 'failed');
    assert.equal(h.lifecycle.state, 'degraded');
    await h.lifecycle.stop();
  });

  it('"restart(target) of the failed service brings it and them back"', async () => {
    const { journal, db, Db, h } = chain({ maxRestarts: 0, escalate: false });
    await h.lifecycle.start();
    db.last.fail(new Error('lost'));
    await flush();
    journal.entries.length = 0;
    await h.lifecycle.restart(Db);
    assert.deepEqual(journal.entries, ['Db:onReady', 'Repo:onReady']);
    assert.equal(h.service('Db').state, 'ready');
    assert.equal(h.service('Repo').state, 'ready');
    assert.equal(h.lifecycle.state, 'ready');
    await h.lifecycle.stop();
    await h.lifecycle.whenStopped();
  });
});

describe('retryStart and failures during start()', () => {
  it('"retryStart: true: a failing onReady during start() is restarted under this policy instead of abandoning the start"; "retryStart works whatever restart says"', async () => {
    let runs = 0;
    const Db = defineSupervised('Db', {
      onReady: () => {
        runs += 1;
        if (runs < 3) throw new Error(`attempt ${runs}`);
      },
      supervise: { restart: 'never', retryStart: true, backoff: { initialMs: 50, jitter: 0 } },
    });
    const Api = defineSupervised('Api', { dependsOn: [Db] });
    const h = harness([Db, Api]);
    const started = settled(h.lifecycle.start());
    await flush();
    assert.equal(runs, 1);
    assert.equal(h.lifecycle.state, 'starting');
    await h.clock.advance(50);
    assert.equal(runs, 2);
    await h.clock.advance(100);
    assert.equal(runs, 3);
    await flush();
    assert.equal(started.done, true);
    assert.equal(started.error, undefined);
    assert.equal(h.lifecycle.state, 'ready');
    assert.equal(h.service('Db').restarts, 2);
    await h.lifecycle.stop();
  });

  it('"the start fails (rollback, ERR_READYGRAPH_STARTUP) only once the policy gives up"', async () => {
    const journal = new Journal();
    const Config = defineSupervised('Config', { onStop: (ctx) => journal.add(`Config:onStop:${ctx.reason}`) });
    const Db = defineSupervised('Db', {
      dependsOn: [Config],
      onReady: () => {
        throw new Error('no route to host');
      },
      supervise: { retryStart: true, maxRestarts: 2, backoff: { initialMs: 10, jitter: 0 } },
    });
    const h = harness([Config, Db]);
    const started = settled(h.lifecycle.start());
    await h.clock.advance(10);
    await h.clock.advance(20);
    assert.equal(started.done, true);
    const error = started.error as ReadyGraphError;
    assert.equal(error.code, 'ERR_READYGRAPH_STARTUP');
    assert.equal((error.cause as Error).message, 'no route to host');
    assert.deepEqual(journal.entries, ['Config:onStop:rollback']);
    assert.equal(h.of('service:restarting').length, 2);
    assert.equal(h.lifecycle.state, 'failed');
    assert.equal(await h.lifecycle.whenStopped().catch((caught: unknown) => caught), error, 'whenStopped() rejects with the start\'s error');
  });

  it('"During start() … any failure — a hook, fail(), a health check\'s failAfter — is a start failure … unless the failing service has retryStart": fail()', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady, onStop: (ctx) => journal.add(`Db:onStop:${ctx.reason}`), supervise: { restart: 'on-failure' } });
    const Slow = defineSupervised('Slow', {
      onReady: ({ signal }) => new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
    });
    const h = harness([Db, Slow]);
    const started = settled(h.lifecycle.start());
    await flush();
    db.last.fail(new Error('lost during start'));
    await flush();
    assert.equal((started.error as ReadyGraphError).code, 'ERR_READYGRAPH_STARTUP', 'restart: on-failure alone does not cover the start');
    assert.deepEqual(journal.entries, ['Db:onStop:rollback']);
    assert.equal(h.service('Db').restarts, 0);
  });
});
