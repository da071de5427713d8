import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { Lifecycle, ReadyGraphError } from 'readygraph';
import { ManualClock } from '../support/ManualClock.js';
import { ERROR, INFO, recordingPino, WARN } from '../support/recordingPino.js';
import { bindAll, defineService } from '../support/services.js';

describe('logger option', () => {
  it('logs readiness at info, slow hooks at warn and failures at error, through a real pino logger', async () => {
    const clock = new ManualClock();
    const sleep = (ms: number) => (): Promise<void> => new Promise((resolve) => clock.setTimeout(resolve, ms));
    const Fast = defineService('Fast', { onReady: sleep(10) });
    const Slow = defineService('Slow', { onReady: sleep(60) });
    const Broken = defineService('Broken', {
      dependsOn: [Slow],
      onReady: () => Promise.reject(new Error('no disk')),
    });
    const container = new Container();
    bindAll(container, Fast, Slow, Broken);
    const { logger, lines } = recordingPino();
    const lifecycle = new Lifecycle(container, { clock, logger, slowHookMs: 50, name: 'controller' });
    const started = assert.rejects(lifecycle.start(), ReadyGraphError);
    await clock.advance(100);
    await started;
    await new Promise((resolve) => setImmediate(resolve));
    const fast = lines.find((line) => line.service === 'Fast');
    assert.deepEqual([fast?.level, fast?.msg, fast?.durationMs], [INFO, 'Fast is ready', 10]);
    const slow = lines.find((line) => line.service === 'Slow');
    assert.deepEqual([slow?.level, slow?.msg], [WARN, 'Slow is ready, slowly (60 ms)']);
    const broken = lines.find((line) => line.service === 'Broken');
    assert.deepEqual([broken?.level, broken?.msg], [ERROR, 'onReady of Broken failed']);
    assert.ok(lines.some((line) => line.level === ERROR && line.msg === 'controller failed to start'));
  });

  it('refuses something that is not a logger, quoting it', () => {
    assert.throws(() => new Lifecycle(new Container(), { logger: console.log as never }), {
      code: 'ERR_READYGRAPH_USAGE',
      message: /logger must have info\(\), warn\(\) and error\(\)/,
    });
  });
});
