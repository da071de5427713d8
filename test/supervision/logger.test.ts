import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { Lifecycle, supervise } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { ManualClock } from '../support/ManualClock.js';
import { ERROR, INFO, recordingPino, WARN, type LogLine } from '../support/recordingPino.js';
import { bindAll, defineService } from '../support/services.js';

const levelName = (level: number): string => ({ [INFO]: 'info', [WARN]: 'warn', [ERROR]: 'error' })[level] ?? String(level);

/** The lines logged since `from`, as "level: message". */
function since(lines: readonly LogLine[], from: number): string[] {
  return lines.slice(from).map((line) => `${levelName(line.level)}: ${line.msg}`);
}

describe('logger option, under supervision', () => {
  it('reports unreadiness and restarts at warn, recovery at info and giving up at error', async () => {
    const clock = new ManualClock();
    const db = new Contexts();
    const Db = defineService('Db', { onReady: db.onReady, onStop: () => undefined });
    supervise({ restart: 'on-failure', maxRestarts: 1, backoff: { initialMs: 100, jitter: 0 } })(Db);
    const container = new Container();
    bindAll(container, Db);
    const { logger, lines } = recordingPino();
    const lifecycle = new Lifecycle(container, { clock, logger, name: 'controller' });
    await lifecycle.start();
    const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    await flush();
    assert.deepEqual(since(lines, 0), ['info: Db is ready', 'info: controller is ready']);

    let mark = lines.length;
    db.last.unready('disk full');
    await clock.advance(250);
    db.last.ready();
    await flush();
    // A service's own event comes first, then what the lifecycle makes of it (both inside the call).
    assert.deepEqual(since(lines, mark), [
      'warn: Db is unready: disk full',
      'warn: controller is degraded: Db unavailable',
      'info: Db is ready again after 250 ms unready',
      'info: controller is ready again after 250 ms degraded',
    ]);

    mark = lines.length;
    db.last.fail(new Error('connection reset'));
    await clock.advance(100);
    await lifecycle.whenReady(Db);
    await flush();
    assert.deepEqual(since(lines, mark), [
      'warn: Db failed while running: connection reset',
      'warn: controller is degraded: Db unavailable',
      'warn: Db is restarting (attempt 1, in 100 ms) after: connection reset',
      'info: Db stopped for a restart',
      'info: Db is ready again after restart 1',
      'info: controller is ready again after 100 ms degraded',
    ]);

    mark = lines.length;
    db.last.fail(new Error('connection reset'));
    await assert.rejects(lifecycle.whenStopped(), { code: 'ERR_READYGRAPH_GAVE_UP' });
    await flush();
    const gaveUp = since(lines, mark);
    assert.ok(gaveUp.includes('error: supervision gave up on Db after 1 restart(s); stopping the lifecycle'), gaveUp.join('\n'));
    assert.ok(
      gaveUp.some((line) => line.startsWith('error: controller failed: supervision gave up on "Db"')),
      gaveUp.join('\n'),
    );
    assert.ok(!gaveUp.includes('error: controller failed to start'), 'a failure after the start is not a failed start');
  });

  it('"a failure that retryStart retries is logged at warn (it is a restart)", and "the first readiness ... after retried starts is logged as ready (with the attempt count), not ready again"', async () => {
    const clock = new ManualClock();
    let attempts = 0;
    const Db = defineService('Db', {
      onReady: () => {
        attempts += 1;
        if (attempts < 3) throw new Error('ECONNREFUSED');
      },
    });
    supervise({ retryStart: true, backoff: { initialMs: 100, factor: 2, jitter: 0 } })(Db);
    const container = new Container();
    bindAll(container, Db);
    const { logger, lines } = recordingPino();
    const lifecycle = new Lifecycle(container, { clock, logger, name: 'controller' });
    const willRestart: unknown[] = [];
    lifecycle.on('service:failed', (event) => willRestart.push(event.willRestart));
    const started = lifecycle.start();
    await clock.advance(100);
    await clock.advance(200);
    await started;
    assert.deepEqual(willRestart, [true, true], 'service:failed says so');
    assert.deepEqual(since(lines, 0), [
      'warn: onReady of Db failed: ECONNREFUSED; restarting it',
      'warn: Db is restarting (attempt 1, in 100 ms) after: ECONNREFUSED',
      'warn: onReady of Db failed: ECONNREFUSED; restarting it',
      'warn: Db is restarting (attempt 2, in 200 ms) after: ECONNREFUSED',
      'info: Db is ready after 3 attempts',
      'info: controller is ready',
    ]);
    assert.equal((lines[4] as LogLine & { attempts?: number }).attempts, 3);
    await lifecycle.stop();
  });

  it('"only the failure that ends the start" is at error: under retryStart, the one after which supervision gives up', async () => {
    const clock = new ManualClock();
    const Db = defineService('Db', {
      onReady: () => {
        throw new Error('ECONNREFUSED');
      },
    });
    supervise({ retryStart: true, maxRestarts: 1, backoff: { initialMs: 100, jitter: 0 } })(Db);
    const container = new Container();
    bindAll(container, Db);
    const { logger, lines } = recordingPino();
    const lifecycle = new Lifecycle(container, { clock, logger, name: 'controller' });
    const willRestart: unknown[] = [];
    lifecycle.on('service:failed', (event) => willRestart.push(event.willRestart));
    const started = assert.rejects(lifecycle.start(), { code: 'ERR_READYGRAPH_STARTUP' });
    await clock.advance(100);
    await started;
    assert.deepEqual(willRestart, [true, undefined]);
    assert.deepEqual(since(lines, 0), [
      'warn: onReady of Db failed: ECONNREFUSED; restarting it',
      'warn: Db is restarting (attempt 1, in 100 ms) after: ECONNREFUSED',
      'error: onReady of Db failed',
      'error: controller failed to start',
    ]);
  });

  it('logs a requested restart at warn, without a cause', async () => {
    const Cache = defineService('Cache', { onReady: () => undefined, onStop: () => undefined });
    const container = new Container();
    bindAll(container, Cache);
    const { logger, lines } = recordingPino();
    const lifecycle = new Lifecycle(container, { logger });
    await lifecycle.start();
    const mark = lines.length;
    await lifecycle.restart(Cache);
    await new Promise((resolve) => setImmediate(resolve));
    const restart = lines.slice(mark).find((line) => line.service === 'Cache');
    assert.deepEqual([restart?.level, restart?.msg], [WARN, 'Cache is restarting, as requested']);
    await lifecycle.stop();
  });
});
