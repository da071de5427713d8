import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { layer, Lifecycle } from 'readygraph';
import { criticalPath } from '#internal/graph/criticalPath.js';
import { ManualClock } from '../support/ManualClock.js';
import { bindAll, defineService } from '../support/services.js';

describe('report', () => {
  it('gives each service its start, end and duration, the critical path and the slowest hooks', async () => {
    const clock = new ManualClock();
    const sleep = (ms: number) => (): Promise<void> => new Promise((resolve) => clock.setTimeout(resolve, ms));
    const Web = layer('web');
    const Config = defineService('Config', { onReady: sleep(10) });
    const Storage = defineService('Storage', { onReady: sleep(40) });
    const Api = defineService('Api', { layer: Web, dependsOn: [Config, Storage], onReady: sleep(20) });
    const Metrics = defineService('Metrics', { dependsOn: [Config], onReady: sleep(5) });
    const container = new Container();
    bindAll(container, Config, Storage, Api, Metrics);
    const lifecycle = new Lifecycle(container, { clock });
    const readyAt = new Map<string, number>();
    lifecycle.on('service:ready', ({ name, at }) => readyAt.set(name, at));
    const started = lifecycle.start();
    await clock.advance(100);
    await started;
    assert.deepEqual(Object.fromEntries(readyAt), { Config: 10, Storage: 40, Metrics: 15, Api: 60 }, 'events carry `at`, ms from start()');
    const report = lifecycle.report();
    assert.equal(report.state, 'ready');
    assert.equal(report.totalMs, 60);
    assert.deepEqual(report.criticalPath, ['Storage', 'Api'], 'Api waited for Storage (40 ms), not Config (10 ms)');
    assert.deepEqual(report.slowest, [
      { name: 'Storage', durationMs: 40 },
      { name: 'Api', durationMs: 20 },
      { name: 'Config', durationMs: 10 },
      { name: 'Metrics', durationMs: 5 },
    ]);
    const api = report.services.find((service) => service.name === 'Api');
    assert.deepEqual(api, {
      name: 'Api',
      layer: 'web',
      state: 'ready',
      dependsOn: ['Config', 'Storage'],
      available: true,
      blockedBy: [],
      restarts: 0,
      startedAt: 40,
      endedAt: 60,
      durationMs: 20,
      critical: true,
    });
    assert.equal(JSON.parse(JSON.stringify(report)).criticalPath.length, 2);
    await lifecycle.stop();
  });

  it('after a failed start, the failure ends the critical path and skipped services have no times', async () => {
    const clock = new ManualClock();
    const Config = defineService('Config', { onReady: () => new Promise((resolve) => clock.setTimeout(resolve, 10)) });
    const Storage = defineService('Storage', {
      dependsOn: [Config],
      onReady: () => new Promise((_resolve, reject) => clock.setTimeout(() => reject(new Error('disk')), 15)),
    });
    const Api = defineService('Api', { dependsOn: [Storage], onReady: () => undefined });
    const container = new Container();
    bindAll(container, Config, Storage, Api);
    const lifecycle = new Lifecycle(container, { clock });
    const started = assert.rejects(lifecycle.start());
    await clock.advance(50);
    await started;
    const report = lifecycle.report();
    assert.equal(report.state, 'failed');
    assert.deepEqual(report.criticalPath, ['Config', 'Storage']);
    const storage = report.services.find((service) => service.name === 'Storage');
    assert.equal(storage?.durationMs, 15);
    assert.equal(storage?.error, 'disk');
    const api = report.services.find((service) => service.name === 'Api');
    assert.equal(api?.state, 'skipped');
    assert.equal(api?.startedAt, undefined);
  });
});

describe('criticalPath (pure)', () => {
  it('walks back from the last to end through the dependency each one waited for last', () => {
    // Service 2 waits for 0 and 1; 0 ends at 10, 1 at 30, 2 at 50; 3 is independent and ends at 5.
    const timings = [{ endedAt: 10 }, { endedAt: 30 }, { endedAt: 50 }, { endedAt: 5 }];
    const dependencies: number[][] = [[], [], [0, 1], []];
    assert.deepEqual(criticalPath(timings, (service) => dependencies[service] ?? []), [1, 2]);
    assert.deepEqual(criticalPath([], () => []), []);
    assert.deepEqual(criticalPath([{ endedAt: undefined }], () => []), [], 'nothing ended, no path');
  });
});
