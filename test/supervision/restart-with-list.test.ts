// API.md, 'Fitting real applications': "the service restarts with exactly those of its dependencies (direct or
// transitive; a layer stands for its members) and stays up, unavailable, while any other dependency restarts" — through
// real restarts on a ManualClock: the hooks' order, the events, availability. (The graph's side — validation,
// resolution, restartSetOf itself — is in restart-with.test.ts.)
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layer } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { flush } from '../support/ManualClock.js';
import { Journal } from '../support/services.js';
import { defineSupervised, harness, journaled, restartExactly, type Harness } from './harness.js';

/**
 * The ported server: Config <- RedisClient, Config <- Http; Listener depends on RedisClient and Http and restarts
 * with RedisClient only; Reporter depends on RedisClient and lists Config, which it reaches only through it.
 */
function redisServer(): { h: Harness; journal: Journal; fail: (name: 'Config' | 'RedisClient' | 'Http') => void } {
  const journal = new Journal();
  const contexts = { Config: new Contexts(), RedisClient: new Contexts(), Http: new Contexts() };
  const Config = defineSupervised('Config', { ...journaled('Config', journal, contexts.Config), supervise: restartExactly });
  const RedisClient = defineSupervised('RedisClient', { dependsOn: [Config], ...journaled('RedisClient', journal, contexts.RedisClient), supervise: restartExactly });
  const Http = defineSupervised('Http', { dependsOn: [Config], ...journaled('Http', journal, contexts.Http), supervise: restartExactly });
  const Listener = defineSupervised('Listener', { dependsOn: [RedisClient, Http], ...journaled('Listener', journal), supervise: { restartWithDependencies: [RedisClient] } });
  const Reporter = defineSupervised('Reporter', { dependsOn: [RedisClient], ...journaled('Reporter', journal), supervise: { restartWithDependencies: [Config] } });
  const h = harness([Config, RedisClient, Http, Listener, Reporter]);
  return { h, journal, fail: (name) => contexts[name].last.fail(new Error(`${name} lost its connection`)) };
}

const serviceTrail = (h: Harness, from: number): string[] =>
  h.events
    .slice(from)
    .filter(({ event }) => event.startsWith('service:'))
    .map(({ event, payload }) => `${event.slice('service:'.length)}:${(payload as { name: string }).name}`);

describe('restartWithDependencies: a list, at run time', () => {
  it('restarts with a listed dependency: stopped before it (reason restart), started after it, with its events but no service:restarting and no count', async () => {
    const { h, journal, fail } = redisServer();
    await h.lifecycle.start();
    journal.entries.length = 0;
    const from = h.events.length;
    fail('RedisClient');
    await flush();
    // Listener and Reporter both depend on RedisClient, Listener lists it: Listener goes down first; Reporter (lists
    // Config, not RedisClient) stays up, unavailable.
    assert.deepEqual(journal.entries, ['Listener:onStop:restart', 'RedisClient:onStop:restart']);
    assert.deepEqual([h.service('Reporter').state, h.service('Reporter').available], ['ready', false]);
    await h.clock.advance(100);
    assert.deepEqual(journal.entries, ['Listener:onStop:restart', 'RedisClient:onStop:restart', 'RedisClient:onReady', 'Listener:onReady']);
    assert.deepEqual(serviceTrail(h, from), [
      'failed:RedisClient',
      'restarting:RedisClient',
      'stopping:Listener',
      'stopped:Listener',
      'stopping:RedisClient',
      'stopped:RedisClient',
      'starting:RedisClient',
      'ready:RedisClient',
      'starting:Listener',
      'ready:Listener',
    ]);
    assert.deepEqual([h.service('RedisClient').restarts, h.service('Listener').restarts], [1, 0]);
    assert.equal(h.lifecycle.state, 'ready');
    await h.lifecycle.stop();
  });

  it('"stays up, unavailable, while any other dependency restarts": Listener through a restart of Http, which it does not list', async () => {
    const { h, journal, fail } = redisServer();
    await h.lifecycle.start();
    journal.entries.length = 0;
    fail('Http');
    await flush();
    assert.deepEqual(journal.entries, ['Http:onStop:restart'], 'Listener is not stopped');
    assert.equal(h.service('Listener').state, 'ready', 'Listener stays up');
    assert.equal(h.service('Listener').available, false, 'unavailable while Http restarts');
    assert.deepEqual(h.service('Listener').blockedBy, ['Http']);
    await h.clock.advance(100);
    assert.deepEqual(journal.entries, ['Http:onStop:restart', 'Http:onReady']);
    assert.equal(h.service('Listener').available, true);
    assert.equal(h.lifecycle.state, 'ready');
    await h.lifecycle.stop();
  });

  it('a listed transitive dependency: Reporter restarts with Config, which it reaches through RedisClient; RedisClient stays up in between', async () => {
    const { h, journal, fail } = redisServer();
    await h.lifecycle.start();
    journal.entries.length = 0;
    fail('Config');
    await flush();
    assert.deepEqual(journal.entries, ['Reporter:onStop:restart', 'Config:onStop:restart']);
    for (const name of ['RedisClient', 'Http', 'Listener']) {
      assert.deepEqual([name, h.service(name).state, h.service(name).available], [name, 'ready', false]);
    }
    await h.clock.advance(100);
    // Reporter's onReady waits for Config and RedisClient to be available again.
    assert.deepEqual(journal.entries, ['Reporter:onStop:restart', 'Config:onStop:restart', 'Config:onReady', 'Reporter:onReady']);
    assert.equal(h.lifecycle.state, 'ready');
    await h.lifecycle.stop();
  });

  it('a listed layer stands for its members: a restart of one member takes the service along', async () => {
    const journal = new Journal();
    const disk = new Contexts();
    const Storage = layer('storage');
    const Disk = defineSupervised('Disk', { layer: Storage, ...journaled('Disk', journal, disk), supervise: restartExactly });
    const Wal = defineSupervised('Wal', { layer: Storage, ...journaled('Wal', journal) });
    const Cache = defineSupervised('Cache', { ...journaled('Cache', journal), supervise: restartExactly });
    const Api = defineSupervised('Api', { dependsOn: [Storage, Cache], ...journaled('Api', journal), supervise: { restartWithDependencies: [Storage] } });
    const h = harness([Disk, Wal, Cache, Api]);
    await h.lifecycle.start();
    journal.entries.length = 0;
    disk.last.fail(new Error('disk full'));
    await flush();
    assert.deepEqual(journal.entries, ['Api:onStop:restart', 'Disk:onStop:restart'], 'Wal, a layer-mate, is not in the set');
    await h.clock.advance(100);
    assert.deepEqual(journal.entries.slice(2), ['Disk:onReady', 'Api:onReady']);
    await h.lifecycle.stop();
  });

  it('ReadinessGraph.restartImpact answers with the same sets the runtime restarts', () => {
    const { h } = redisServer();
    const graph = h.lifecycle.graph();
    assert.deepEqual(graph.restartImpact('RedisClient'), {
      service: 'RedisClient',
      restarts: ['RedisClient', 'Listener'],
      heldUnavailable: ['Reporter'],
      keepsRunning: ['Config', 'Http'],
    });
    assert.deepEqual(graph.restartImpact('Http').restarts, ['Http'], 'Listener does not list Http');
    assert.deepEqual(graph.restartImpact('Config').restarts, ['Config', 'Reporter']);
  });
});
