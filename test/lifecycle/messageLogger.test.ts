// API.md, 'Fitting real applications': "Logger shape" — the logger option keeps pino's (fields, message) calls;
// fromMessageLogger(logger) adapts a logger of (message, ...args) methods.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { errorCodes, fromMessageLogger, inLayer, layer, Lifecycle, type Logger, type MessageLogger } from 'readygraph';
import { ManualClock } from '../support/ManualClock.js';
import { recordingPino } from '../support/recordingPino.js';
import { bindAll, defineService } from '../support/services.js';

/** One call a console-shaped logger received. */
interface Call {
  readonly level: 'info' | 'warn' | 'error';
  readonly args: readonly unknown[];
}

/** A console-shaped logger (message first) that records its calls; its methods need their `this`, like a class's. */
class ConsoleRecorder implements MessageLogger {
  public readonly calls: Call[] = [];
  public info(message: string, ...args: unknown[]): void {
    this.calls.push({ level: 'info', args: [message, ...args] });
  }
  public warn(message: string, ...args: unknown[]): void {
    this.calls.push({ level: 'warn', args: [message, ...args] });
  }
  public error(message: string, ...args: unknown[]): void {
    this.calls.push({ level: 'error', args: [message, ...args] });
  }
}

/** A start and stop of Config <- Db (Db in layer storage, slow), with one failing onStop: info, warn and error lines. */
async function startAndStop(logger: Logger): Promise<void> {
  const clock = new ManualClock();
  const Storage = layer('storage');
  const Config = defineService('Config', {
    onStop: () => {
      throw new Error('file locked');
    },
  });
  const Db = defineService('Db', { dependsOn: [Config], onReady: () => clock.advance(1500) });
  inLayer(Storage)(Db);
  const container = new Container();
  bindAll(container, Config, Db);
  const lifecycle = new Lifecycle(container, { clock, logger, name: 'app' });
  await lifecycle.start();
  await assert.rejects(lifecycle.stop(), { code: errorCodes.stop });
}

describe('logger shapes', () => {
  it('"fromMessageLogger(logger) ... each call reaches it as logger[level](message, fields)": the sentence names the service, the fields follow, without undefined ones', async () => {
    const recorder = new ConsoleRecorder();
    await startAndStop(fromMessageLogger(recorder));
    const db = recorder.calls.find((call) => call.args[0] === 'Db is ready, slowly (1500 ms)');
    assert.deepEqual(db, { level: 'warn', args: ['Db is ready, slowly (1500 ms)', { service: 'Db', layer: 'storage', durationMs: 1500 }] });
    const config = recorder.calls.find((call) => String(call.args[0]).startsWith('Config'));
    assert.deepEqual(config?.args, ['Config is ready', { service: 'Config', durationMs: 0 }], 'no layer: undefined for a service outside any layer');
    const failed = recorder.calls.find((call) => call.level === 'error');
    assert.ok(failed !== undefined, 'an error was logged');
    assert.equal(failed.args[0], 'onStop of Config failed');
    assert.equal((failed.args[1] as { err?: Error }).err?.message, 'file locked');
    for (const call of recorder.calls) {
      assert.equal(typeof call.args[0], 'string', 'the message comes first');
      assert.equal(call.args.length, 2, 'then the fields, one object');
    }
  });

  it('"the logger option keeps pino\'s (fields, message) calls": pino and the adapted console logger get the same sentences at the same levels', async () => {
    const { logger, lines } = recordingPino();
    await startAndStop(logger);
    const recorder = new ConsoleRecorder();
    await startAndStop(fromMessageLogger(recorder));
    const pinoLevels: Record<number, string> = { 30: 'info', 40: 'warn', 50: 'error' };
    assert.deepEqual(
      recorder.calls.map((call) => `${call.level}: ${String(call.args[0])}`),
      lines.map((line) => `${pinoLevels[line.level] ?? line.level}: ${line.msg}`),
    );
    assert.equal(lines.find((line) => line.msg === 'Db is ready, slowly (1500 ms)')?.service, 'Db', 'pino got the fields as fields');
  });

  it('with node:console: one readable line per call, the message first', async () => {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    await startAndStop(fromMessageLogger(new Console({ stdout: stream, stderr: stream, colorMode: false })));
    assert.match(text, /^Db is ready, slowly \(1500 ms\) \{ service: 'Db', layer: 'storage', durationMs: 1500 \}$/m);
    assert.match(text, /^app stopped/m);
  });

  it('refuses something that is not a message logger, quoting it', () => {
    assert.throws(() => fromMessageLogger({ info: () => undefined } as never), {
      code: errorCodes.usage,
      message: /fromMessageLogger\(logger\): logger must have info\(\), warn\(\) and error\(\) methods .*got/,
    });
    assert.throws(() => fromMessageLogger(undefined as never), { code: errorCodes.usage, message: /got undefined/ });
  });
});
