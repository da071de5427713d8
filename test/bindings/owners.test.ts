import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { Lifecycle } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { bindAll, defineService, Journal } from '../support/services.js';

describe('several Lifecycles: one owner per service', () => {
  it('two Lifecycles on one container run each hook once: the second treats the service as external, owned by the first', async () => {
    const journal = new Journal();
    const Db = defineService('Db', { onReady: () => journal.add('Db:ready'), onStop: () => journal.add('Db:stop') });
    const container = new Container();
    bindAll(container, Db);
    const first = new Lifecycle(container, { name: 'first' });
    const second = new Lifecycle(container, { name: 'second' });
    await first.start();
    assert.deepEqual(second.graph().nodes, [{ name: 'Db', dependsOn: [], owner: 'first' }], 'graph() names the owner');
    await second.start();
    assert.deepEqual(journal.entries, ['Db:ready'], 'onReady ran once, by its owner');
    const status = second.status().services[0];
    assert.equal(status?.owner, 'first');
    assert.equal(status?.state, 'ready');
    await second.stop();
    assert.deepEqual(journal.entries, ['Db:ready'], "the second Lifecycle's stop leaves the service alone");
    assert.equal(first.status().services[0]?.state, 'ready', 'the owner still reports it ready');
    await first.stop();
    assert.deepEqual(journal.entries, ['Db:ready', 'Db:stop']);
    assert.equal(new Lifecycle(container, { name: 'later' }).graph().nodes[0]?.owner, undefined, 'the owner gave its claim back');
  });

  it("a Lifecycle on a child container does not re-run the parent's services' hooks, and waits for them in their owner", async () => {
    const journal = new Journal();
    const Db = defineService('Db', { onReady: () => journal.add('Db:ready'), onStop: () => journal.add('Db:stop') });
    const Api = defineService('Api', { dependsOn: [Db], onReady: () => journal.add('Api:ready'), onStop: () => journal.add('Api:stop') });
    const parent = new Container();
    bindAll(parent, Db);
    const child = new Container({ parent });
    bindAll(child, Api);
    const parentLifecycle = new Lifecycle(parent, { name: 'parent' });
    const childLifecycle = new Lifecycle(child, { name: 'child' });
    await parentLifecycle.start();
    await childLifecycle.start();
    assert.deepEqual(journal.entries, ['Db:ready', 'Api:ready']);
    await childLifecycle.stop();
    assert.deepEqual(journal.entries, ['Db:ready', 'Api:ready', 'Api:stop'], 'the child stops its own services only');
    await parentLifecycle.stop();
    assert.deepEqual(journal.entries, ['Db:ready', 'Api:ready', 'Api:stop', 'Db:stop']);
    const later = new Lifecycle(child, { name: 'later' });
    assert.deepEqual(
      later.graph().nodes.map((node) => node.owner),
      [undefined, undefined],
      'both gave their claims back',
    );
  });

  it('an external service follows its availability in its owner: unready while it is unready there, ready again after', async () => {
    const db = new Contexts();
    const Db = defineService('Db', { onReady: db.onReady });
    const container = new Container();
    bindAll(container, Db);
    const owner = new Lifecycle(container, { name: 'owner' });
    const other = new Lifecycle(container, { name: 'other' });
    await owner.start();
    await other.start();
    db.last.unready('replica lag');
    assert.equal(other.status().services[0]?.state, 'unready');
    assert.equal(other.status().services[0]?.reason, 'not available in its owner, Lifecycle "owner"');
    assert.equal(other.state, 'degraded');
    db.last.ready();
    assert.equal(other.status().services[0]?.state, 'ready');
    assert.equal(other.state, 'ready');
    await other.stop();
    await owner.stop();
  });

  it('once its owner has stopped, a service can be owned by a later Lifecycle', async () => {
    const journal = new Journal();
    const Db = defineService('Db', { onReady: () => journal.add('Db:ready') });
    const container = new Container();
    bindAll(container, Db);
    const first = new Lifecycle(container, { name: 'first' });
    await first.start();
    await first.stop();
    const later = new Lifecycle(container, { name: 'later' });
    assert.equal(later.graph().nodes[0]?.owner, undefined);
    await later.start();
    assert.deepEqual(journal.entries, ['Db:ready', 'Db:ready']);
    await later.stop();
  });

  it('claims survive a second owner: after the first stops, a third Lifecycle owns what the first ran, not what the second claimed', async () => {
    const journal = new Journal();
    const Db = defineService('Db', { onReady: () => journal.add('Db:ready') });
    const Cache = defineService('Cache', { onReady: () => journal.add('Cache:ready') });
    const parent = new Container();
    bindAll(parent, Db);
    const child = new Container({ parent });
    bindAll(child, Cache);
    // The first claims Db alone; the second, on the child, finds Db owned and claims Cache.
    const first = new Lifecycle(parent, { name: 'first' });
    await first.start();
    const second = new Lifecycle(child, { name: 'second' });
    await second.start();
    assert.deepEqual(
      second.graph().nodes.map((node) => [node.name, node.owner]),
      [
        ['Cache', undefined],
        ['Db', 'first'],
      ],
    );
    await first.stop();
    const third = new Lifecycle(child, { name: 'third' });
    assert.deepEqual(
      third.graph().nodes.map((node) => [node.name, node.owner]),
      [
        ['Cache', 'second'],
        ['Db', undefined],
      ],
    );
    await third.start();
    assert.deepEqual(journal.entries, ['Db:ready', 'Cache:ready', 'Db:ready'], 'Db ran again, in the third; Cache only once, in the second');
    await third.stop();
    await second.stop();
    const fourth = new Lifecycle(child, { name: 'fourth' });
    assert.deepEqual(
      fourth.graph().nodes.map((node) => [node.name, node.owner]),
      [
        ['Cache', undefined],
        ['Db', undefined],
      ],
      'every claim was given back',
    );
  });
});
