import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadyGraphError } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { flush } from '../support/ManualClock.js';
import { deferred, Journal } from '../support/services.js';
import { defineSupervised, harness, journaled, restartExactly, settled } from './harness.js';

async function usageError(promise: Promise<unknown>): Promise<ReadyGraphError> {
  const caught = await promise.then(
    () => assert.fail('restart() must reject'),
    (error: unknown) => error,
  );
  assert.ok(caught instanceof ReadyGraphError);
  assert.equal(caught.code, 'ERR_READYGRAPH_USAGE');
  return caught;
}

describe('lifecycle.restart(target)', () => {
  it('"does the same on request … without a delay and without counting towards maxRestarts; it resolves when the target is available again"', async () => {
    const journal = new Journal();
    const db = new Contexts();
    const Db = defineSupervised('Db', { ...journaled('Db', journal, db), supervise: { restart: 'on-failure', maxRestarts: 1, backoff: { initialMs: 1_000, jitter: 0 } } });
    const Repo = defineSupervised('Repo', { dependsOn: [Db], ...journaled('Repo', journal), supervise: { restartWithDependencies: true } });
    const h = harness([Db, Repo]);
    await h.lifecycle.start();
    journal.entries.length = 0;
    for (let round = 0; round < 3; round += 1) await h.lifecycle.restart(Db);
    assert.equal(h.clock.now(), 0, 'no backoff delay was waited');
    assert.deepEqual(journal.entries.slice(0, 4), ['Repo:onStop:restart', 'Db:onStop:restart', 'Db:onReady', 'Repo:onReady']);
    assert.equal(h.service('Db').restarts, 3, 'restarts counts requested restarts too');
    assert.equal(h.service('Db').available, true);
    assert.equal(h.service('Repo').available, true);
    db.last.fail(new Error('lost'));
    await flush();
    assert.equal(h.of('service:gave-up').length, 0, 'after three requested restarts, maxRestarts 1 still allows a restart');
    assert.equal(h.of('service:restarting').at(-1)?.attempt, 1, 'the first counted restart');
    await h.clock.advance(1_000);
    await h.lifecycle.stop();
  });

  it('"A requested restart emits service:restarting with attempt: 0 and no cause"', async () => {
    const Db = defineSupervised('Db', { supervise: restartExactly });
    const h = harness([Db]);
    await h.lifecycle.start();
    await h.lifecycle.restart(Db);
    const restarting = h.of('service:restarting');
    assert.equal(restarting.length, 1);
    assert.equal(restarting[0]?.attempt, 0);
    assert.equal(restarting[0]?.delayMs, 0);
    assert.ok(!('cause' in (restarting[0] ?? {})), 'no cause field');
    await h.lifecycle.stop();
  });

  it('"it resolves when the target is available again" — not before its onReady resolved', async () => {
    let runs = 0;
    const second = deferred();
    const Db = defineSupervised('Db', {
      onReady: () => {
        runs += 1;
        return runs === 2 ? second.promise : undefined;
      },
    });
    const h = harness([Db]);
    await h.lifecycle.start();
    const restarted = settled(h.lifecycle.restart(Db));
    await flush();
    assert.equal(runs, 2);
    assert.equal(restarted.done, false);
    second.resolve();
    await flush();
    assert.equal(restarted.done, true);
    assert.equal(restarted.error, undefined);
    await h.lifecycle.stop();
  });

  it('"brings back a given-up service" (escalate: false) under restart: \'never\'', async () => {
    const db = new Contexts();
    const Db = defineSupervised('Db', { onReady: db.onReady, supervise: { escalate: false } });
    const h = harness([Db]);
    await h.lifecycle.start();
    db.last.fail(new Error('lost'));
    await flush();
    assert.equal(h.service('Db').state, 'failed');
    assert.equal(h.lifecycle.state, 'degraded');
    await h.lifecycle.restart(Db);
    assert.equal(h.service('Db').state, 'ready');
    assert.equal(h.lifecycle.state, 'ready');
    assert.equal(db.all.length, 2);
    await h.lifecycle.stop();
  });

  it('"Its target is a service identifier of this lifecycle\'s own … service while the lifecycle is ready or degraded; anything else is ERR_READYGRAPH_USAGE"', async () => {
    const Db = defineSupervised('Db', { onReady: () => undefined });
    class Plain {}
    const h = harness([Db]);
    const idle = await usageError(h.lifecycle.restart(Db));
    assert.match(idle.message, /restart\(.*Db.*\): the lifecycle is idle; restart\(\) works while it is ready or degraded/);
    await h.lifecycle.start();
    const stranger = await usageError(h.lifecycle.restart(Plain));
    assert.match(stranger.message, /Plain/);
    assert.match(stranger.message, /not a lifecycle service of this lifecycle/);
    await usageError(h.lifecycle.restart(Symbol('unbound')));
    await h.lifecycle.stop();
    assert.match((await usageError(h.lifecycle.restart(Db))).message, /^restart\(.*\): the lifecycle is stopped/);
  });
});
