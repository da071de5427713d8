import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layer, ReadyGraphError } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { flush } from '../support/ManualClock.js';
import { defineSupervised, harness, restartExactly, settled } from './harness.js';

/** Config ← Db ← Api, each keeping its run contexts. */
function chain() {
  const config = new Contexts();
  const db = new Contexts();
  const Config = defineSupervised('Config', { onReady: config.onReady });
  const Db = defineSupervised('Db', { dependsOn: [Config], onReady: db.onReady, supervise: restartExactly });
  const Api = defineSupervised('Api', { dependsOn: [Db] });
  return { config, db, Config, Db, Api, h: harness([Config, Db, Api]) };
}

describe('availability', () => {
  it('"A service is available when its own state is ready and every service it depends on is available"', async () => {
    const { config, h } = chain();
    await h.lifecycle.start();
    config.last.unready('reloading');
    assert.equal(h.service('Db').state, 'ready');
    assert.equal(h.service('Db').available, false);
    assert.equal(h.service('Api').state, 'ready');
    assert.equal(h.service('Api').available, false, 'transitively: Api depends on Db, which depends on Config');
    assert.deepEqual(h.service('Db').blockedBy, ['Config'], '"blockedBy: its dependencies that are not available"');
    assert.deepEqual(h.service('Api').blockedBy, ['Db']);
    config.last.ready();
    assert.equal(h.service('Api').available, true);
    assert.deepEqual(h.service('Api').blockedBy, []);
    await h.lifecycle.stop();
  });

  it('"a layer when all its members and the layers it depends on are"', async () => {
    const Data = layer('data');
    const Web = layer('web', { dependsOn: [Data] });
    const db = new Contexts();
    const cache = new Contexts();
    const Db = defineSupervised('Db', { layer: Data, onReady: db.onReady });
    const Cache = defineSupervised('Cache', { layer: Data, onReady: cache.onReady });
    const Http = defineSupervised('Http', { layer: Web });
    const h = harness([Db, Cache, Http]);
    await h.lifecycle.start();
    await h.lifecycle.whenReady(Web);
    cache.last.unready('evicting');
    const web = settled(h.lifecycle.whenReady(Web));
    const data = settled(h.lifecycle.whenReady(Data));
    await flush();
    assert.equal(web.done, false, 'a member of a layer it depends on is unavailable');
    assert.equal(data.done, false, 'a member is unavailable');
    assert.equal(h.service('Http').available, false);
    cache.last.ready();
    await flush();
    assert.equal(web.done, true);
    assert.equal(data.done, true);
    await h.lifecycle.stop();
  });

  it('"The lifecycle is ready while every service is available and degraded while some is not"', async () => {
    const { db, h } = chain();
    await h.lifecycle.start();
    assert.equal(h.lifecycle.state, 'ready');
    db.last.fail(new Error('lost'));
    assert.equal(h.lifecycle.state, 'degraded');
    assert.deepEqual(h.of('degraded')[0]?.unavailable, ['Db', 'Api']);
    await h.clock.advance(100);
    assert.equal(h.lifecycle.state, 'ready');
    await h.lifecycle.stop();
  });
});

describe('whenReady(target, { signal })', () => {
  it('"resolves when the target is available (at once if it is)"', async () => {
    const { Api, h } = chain();
    await h.lifecycle.start();
    const ready = settled(h.lifecycle.whenReady(Api));
    await Promise.resolve();
    await Promise.resolve();
    assert.equal(ready.done, true);
    await h.lifecycle.stop();
  });

  it('"waiting through unreadiness and restarts"', async () => {
    const { config, db, Api, h } = chain();
    await h.lifecycle.start();
    config.last.unready('reloading');
    const ready = settled(h.lifecycle.whenReady(Api));
    db.last.fail(new Error('lost'));
    await h.clock.advance(1_000);
    assert.equal(ready.done, false, 'Db restarted, but Config is still unready');
    config.last.ready();
    await flush();
    assert.equal(ready.done, true);
    assert.equal(ready.error, undefined);
    await h.lifecycle.stop();
  });

  it('"it rejects when the lifecycle … stops … before that"', async () => {
    const { config, Api, h } = chain();
    await h.lifecycle.start();
    config.last.unready('reloading');
    const ready = settled(h.lifecycle.whenReady(Api));
    await h.lifecycle.stop();
    assert.ok(ready.error instanceof ReadyGraphError);
    assert.equal(ready.error.code, 'ERR_READYGRAPH_USAGE');
    assert.match(ready.error.message, /stopping|stopped/);
  });

  it('"it rejects when the lifecycle fails … before that" (a failed start) and when it gives up (escalate: true)', async () => {
    const Bad = defineSupervised('Bad', {
      onReady: () => {
        throw new Error('bad');
      },
    });
    const failing = harness([Bad]);
    const waiting = settled(failing.lifecycle.whenReady(Bad));
    await failing.lifecycle.start().catch(() => undefined);
    assert.equal((waiting.error as ReadyGraphError).code, 'ERR_READYGRAPH_STARTUP');

    const { config, db, Api, h } = chain();
    await h.lifecycle.start();
    config.last.unready('reloading');
    const ready = settled(h.lifecycle.whenReady(Api));
    // Config has the default policy (restart: 'never', escalate: true): its failure gives up and stops everything.
    config.last.fail(new Error('gone'));
    await flush();
    assert.equal((ready.error as ReadyGraphError).code, 'ERR_READYGRAPH_GAVE_UP');
    assert.equal(db.all.length, 1);
  });

  it('"or when signal aborts" (with the signal\'s reason), and an already aborted signal rejects at once', async () => {
    const { config, Api, h } = chain();
    await h.lifecycle.start();
    config.last.unready('reloading');
    const controller = new AbortController();
    const ready = settled(h.lifecycle.whenReady(Api, { signal: controller.signal }));
    await flush();
    assert.equal(ready.done, false);
    const reason = new Error('request deadline');
    controller.abort(reason);
    await flush();
    assert.equal(ready.error, reason);
    const again = settled(h.lifecycle.whenReady(Api, { signal: controller.signal }));
    await flush();
    assert.equal(again.error, reason);
    config.last.ready();
    await h.lifecycle.whenReady(Api, { signal: new AbortController().signal });
    await h.lifecycle.stop();
  });
});
