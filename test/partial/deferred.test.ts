import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { deferred as deferredService, Lifecycle, type ReadyContext, type ReadyGraphError } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { flush, ManualClock } from '../support/ManualClock.js';
import { bindAll, deferred, defineService, Journal } from '../support/services.js';

/** Db, and Warmup (deferred, depends on Db) whose onReady waits for `gate`. */
function app(journal: Journal, warmup: (context: ReadyContext) => void | Promise<void>): { container: Container; Db: new () => object; Warmup: new () => object } {
  const Db = defineService('Db', { onReady: () => journal.add('Db:onReady'), onStop: () => journal.add('Db:onStop') });
  const Warmup = defineService('Warmup', {
    dependsOn: [Db],
    onReady: async (context) => {
      journal.add('Warmup:onReady');
      await warmup(context);
      journal.add('Warmup:ready');
    },
    onStop: () => journal.add('Warmup:onStop'),
  });
  deferredService()(Warmup);
  const container = new Container();
  bindAll(container, Db, Warmup);
  return { container, Db, Warmup };
}

describe('deferred services', () => {
  it('"start() resolves … and the lifecycle is ready without waiting for it"; "deferred services start once start() has resolved, not earlier even if their own dependencies are ready"; whenReady waits for it; settled marks its readiness', async () => {
    const journal = new Journal();
    const gate = deferred();
    const { container, Warmup } = app(journal, () => gate.promise);
    const lifecycle = new Lifecycle(container);
    let shownAtReady: { state: string; deferred?: true } | undefined;
    lifecycle.on('ready', () => {
      journal.add('ready');
      shownAtReady = lifecycle.status().services.find((service) => service.name === 'Warmup');
    });
    lifecycle.on('settled', () => journal.add('settled'));
    await lifecycle.start();
    journal.add('start resolved');
    assert.equal(lifecycle.state, 'ready');
    assert.deepEqual([shownAtReady?.state, shownAtReady?.deferred], ['deferred', true], 'status() shows it deferred while it waits');
    let available = false;
    const waiting = lifecycle.whenReady(Warmup).then(() => (available = true));
    await flush();
    assert.deepEqual(journal.entries, ['Db:onReady', 'ready', 'start resolved', 'Warmup:onReady']);
    assert.equal(lifecycle.state, 'ready', 'a deferred service that is not ready yet does not make the lifecycle degraded');
    assert.equal(available, false);
    gate.resolve();
    await waiting;
    assert.ok(journal.indexOf('settled') > journal.indexOf('Warmup:ready'));
    const report = lifecycle.report();
    assert.ok(report.settledAtMs !== undefined && report.readyAtMs !== undefined && report.settledAtMs >= report.readyAtMs);
    await lifecycle.stop();
    assert.ok(journal.indexOf('Warmup:onStop') < journal.indexOf('Db:onStop'));
  });

  it('with no deferred service, settled fires right after ready', async () => {
    const journal = new Journal();
    const Db = defineService('Db', { onReady: () => undefined });
    const container = new Container();
    bindAll(container, Db);
    const lifecycle = new Lifecycle(container);
    lifecycle.on('ready', () => journal.add('ready'));
    lifecycle.on('settled', () => journal.add('settled'));
    await lifecycle.start();
    await flush();
    assert.deepEqual(journal.entries, ['ready', 'settled']);
    await lifecycle.stop();
  });

  it('"once ready, it counts like any other": its unready() makes the lifecycle degraded', async () => {
    const journal = new Journal();
    const contexts = new Contexts();
    const { container, Warmup } = app(journal, (context) => contexts.onReady(context));
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    await lifecycle.whenReady(Warmup);
    contexts.last.unready('cache cold');
    assert.equal(lifecycle.state, 'degraded');
    contexts.last.ready();
    assert.equal(lifecycle.state, 'ready');
    await lifecycle.stop();
  });

  it('"a deferred service\'s failure is handled by its supervision policy like any failure after the start (default: the lifecycle stops, whenStopped() rejects with ERR_READYGRAPH_GAVE_UP)"', async () => {
    const journal = new Journal();
    const { container } = app(journal, () => {
      throw new Error('index corrupt');
    });
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    await assert.rejects(lifecycle.whenStopped(), (error: ReadyGraphError) => error.code === 'ERR_READYGRAPH_GAVE_UP' && error.service === 'Warmup');
    assert.ok(journal.has('Db:onStop'));
  });

  it('"stop() during a deferred onReady aborts it and waits for it (within its timeout) before stopping what it depends on"', async () => {
    const journal = new Journal();
    const aborted = deferred();
    const { container } = app(journal, async (context) => {
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      journal.add('Warmup:aborted');
      await aborted.promise;
      journal.add('Warmup:settled');
    });
    const lifecycle = new Lifecycle(container, { clock: new ManualClock() });
    await lifecycle.start();
    await flush();
    const stopping = lifecycle.stop();
    await flush();
    assert.ok(journal.has('Warmup:aborted'));
    assert.ok(!journal.has('Db:onStop'), 'Db waits for its deferred dependent');
    aborted.resolve();
    await stopping;
    assert.ok(journal.indexOf('Warmup:settled') < journal.indexOf('Db:onStop'));
  });

  it('"start({ only }) includes the deferred services of the closure, started after the closure\'s non-deferred part is ready"', async () => {
    const journal = new Journal();
    const { container, Warmup } = app(journal, () => undefined);
    const Other = defineService('Other', { onReady: () => journal.add('Other:onReady') });
    container.bind(Other).toSelf();
    const lifecycle = new Lifecycle(container);
    await lifecycle.start({ only: [Warmup] });
    journal.add('start resolved');
    await lifecycle.whenReady(Warmup);
    assert.deepEqual(journal.entries, ['Db:onReady', 'start resolved', 'Warmup:onReady', 'Warmup:ready']);
    await lifecycle.stop();
  });
});
