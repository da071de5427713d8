import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Contexts } from '../support/Contexts.js';
import { defineSupervised, harness, restartExactly } from './harness.js';

function service() {
  const db = new Contexts();
  const Db = defineSupervised('Db', { onReady: db.onReady, supervise: restartExactly });
  const Api = defineSupervised('Api', { dependsOn: [Db] });
  return { db, Db, h: harness([Db, Api]) };
}

describe('status() and events after the start', () => {
  it('"status().services[] gains available, blockedBy, restarts and, while unready, reason"', async () => {
    const { db, h } = service();
    await h.lifecycle.start();
    assert.deepEqual(
      h.lifecycle.status().services.map(({ name, available, blockedBy, restarts }) => ({ name, available, blockedBy, restarts })),
      [
        { name: 'Db', available: true, blockedBy: [], restarts: 0 },
        { name: 'Api', available: true, blockedBy: [], restarts: 0 },
      ],
    );
    db.last.unready('compacting');
    assert.equal(h.service('Db').reason, 'compacting');
    assert.deepEqual(h.service('Api').blockedBy, ['Db']);
    db.last.fail(new Error('disk gone'));
    assert.equal(h.service('Db').reason, undefined, 'no reason once it is no longer unready');
    assert.equal(h.service('Db').restarts, 1);
    assert.equal(h.service('Db').lastCause, 'disk gone');
    assert.doesNotThrow(() => JSON.stringify(h.lifecycle.status()));
    await h.lifecycle.stop();
  });

  it('"service:unready (reason)"', async () => {
    const { db, h } = service();
    await h.lifecycle.start();
    db.last.unready('compacting');
    const unready = h.of('service:unready');
    assert.equal(unready.length, 1);
    assert.equal(unready[0]?.name, 'Db');
    assert.equal(unready[0]?.reason, 'compacting');
    await h.lifecycle.stop();
  });

  it('"service:ready after an unready period carries durationMs = how long it was unready"', async () => {
    const { db, h } = service();
    await h.lifecycle.start();
    await h.clock.advance(1_000);
    db.last.unready('compacting');
    await h.clock.advance(750);
    db.last.ready();
    const ready = h.of('service:ready').at(-1);
    assert.equal(ready?.name, 'Db');
    assert.equal(ready?.durationMs, 750);
    assert.equal(ready?.restart, undefined, 'a recovery from unready is not a restart');
    await h.lifecycle.stop();
  });

  it('"service:ready again after a recovery (with restart: n)", n being its count in status().services[].restarts', async () => {
    const { db, Db, h } = service();
    await h.lifecycle.start();
    db.last.fail(new Error('one'));
    await h.clock.advance(100);
    db.last.fail(new Error('two'));
    await h.clock.advance(200);
    await h.lifecycle.restart(Db);
    const restarts = h
      .of('service:ready')
      .filter((event) => event.name === 'Db')
      .map((event) => event.restart);
    assert.deepEqual(restarts, [undefined, 1, 2, 3]);
    assert.equal(h.service('Db').restarts, 3);
    await h.lifecycle.stop();
  });

  it('"degraded" names what is unavailable, and "ready" comes again when everything is available', async () => {
    const { db, h } = service();
    await h.lifecycle.start();
    db.last.unready('compacting');
    db.last.ready();
    const lifecycleEvents = h.trail().filter((entry) => !entry.startsWith('service:'));
    assert.deepEqual(lifecycleEvents, ['starting', 'ready', 'degraded', 'ready']);
    assert.deepEqual(h.of('degraded')[0]?.unavailable, ['Db', 'Api']);
    await h.lifecycle.stop();
  });
});
