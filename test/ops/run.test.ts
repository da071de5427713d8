// API.md, 'Fitting real applications': "lifecycle.run(options?): the process's main, like fx's Run" — in real child
// processes, with real signals; every wait is on what the child prints, never on time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Container } from 'inversify';
import { errorCodes, Lifecycle, type ReadyGraphError } from 'readygraph';
import { startFixture, type FixtureProcess } from '../support/fixtureProcess.js';
import { defineService } from '../support/services.js';

const fixture = fileURLToPath(new URL('./fixtures/run.js', import.meta.url));
const run = (...args: string[]): FixtureProcess => startFixture(fixture, ...args);
const stops = (stdout: string): string[] => stdout.split('\n').filter((line) => line.startsWith('stopped '));

interface PinoLine {
  readonly level: number;
  readonly msg: string;
  readonly exitCode?: number;
}

// Each test is its own process; they run side by side.
describe('lifecycle.run() in a real process', { concurrency: true }, () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`exits 0 after a clean stop on ${signal}, dependents first, saying why on stderr; a second ${signal} exits ${code}`, async () => {
      const child = run('graceful');
      await child.printed('ready');
      child.process.kill(signal);
      const end = await child.exited;
      assert.equal(end.code, 0, end.stderr);
      assert.deepEqual(stops(end.stdout), ['stopped Api', 'stopped Store', 'stopped Config']);
      assert.match(end.stderr, new RegExp(`readygraph: ${signal} received, stopping`));
      assert.match(end.stderr, /readygraph: lifecycle stopped; exiting with code 0\n/);
      assert.doesNotMatch(end.stdout, /run\(\) resolved/, '"returns a promise that never resolves"');

      const hung = run('hung');
      await hung.printed('ready');
      hung.process.kill(signal);
      await hung.printed('stopping Api');
      hung.process.kill(signal);
      const forced = await hung.exited;
      assert.equal(forced.code, code, forced.stderr);
      assert.match(forced.stderr, new RegExp(`second ${signal} while stopping; exiting now\\. Hooks still running: Api \\(onStop\\)`));
      assert.doesNotMatch(forced.stderr, /exiting with code/);
    });
  }

  it('exits 143 when forceAfterMs passes on its clock while the stop hangs', { timeout: 30_000 }, async () => {
    const child = run('hung', '60000');
    await child.printed('ready');
    child.process.kill('SIGTERM');
    await child.printed('stopping Api');
    await child.advance(59_999); // fails if the child exits before it acknowledges
    child.send('advance 1'); // the child exits inside this move
    const end = await child.exited;
    assert.equal(end.code, 143);
    assert.match(end.stderr, /did not end within 60000 ms \(forceAfterMs\); exiting now\. Hooks still running: Api \(onStop\)/);
  });

  it('exits 0 after stop() called by the application', async () => {
    const child = run('app-stop');
    await child.printed('ready');
    child.send('stop');
    const end = await child.exited;
    assert.equal(end.code, 0, end.stderr);
    assert.deepEqual(stops(end.stdout), ['stopped Api', 'stopped Store', 'stopped Config']);
    assert.match(end.stderr, /lifecycle stopped; exiting with code 0/);
  });

  it('keeps the process alive while the lifecycle runs, though nothing of the application holds the event loop', async () => {
    const child = run('idle');
    await child.printed('ready');
    child.process.kill('SIGTERM');
    const end = await child.exited;
    assert.equal(end.code, 0, end.stderr);
    assert.match(end.stderr, /SIGTERM received, stopping/, 'the process was still there for the signal');
    assert.deepEqual(stops(end.stdout), ['stopped Api', 'stopped Store', 'stopped Config']);
  });

  it('exits 1 after a failed start, once its rollback is done, naming the failure', async () => {
    const end = await run('fail-start').exited;
    assert.equal(end.code, 1, end.stderr);
    assert.deepEqual(stops(end.stdout), ['stopped Store', 'stopped Config'], 'the rollback ran to its end before the exit');
    assert.match(end.stderr, /readygraph: lifecycle failed to start: .*"Api": port 8080 in use.*; exiting with code 1\n/);
  });

  it('"a signal arrived during start() and the abandoned start rolled back cleanly": exit 0, and only after the rollback (no exit 1 while it runs)', async () => {
    const child = run('slow-start');
    await child.printed('starting Api');
    child.process.kill('SIGTERM');
    // The rollback now waits in Config's onStop; start() has been abandoned, but the process must still be there.
    await child.printed('stopping Config');
    child.send('ping');
    await child.printed('pong');
    child.send('release');
    const end = await child.exited;
    assert.equal(end.code, 0, end.stderr);
    assert.deepEqual(stops(end.stdout), ['stopped Store', 'stopped Config']);
    assert.match(end.stderr, /lifecycle stopped; exiting with code 0/);
  });

  it('exits 1 after supervision gave up, once everything has stopped, also when a signal joins the escalation\'s stop', async () => {
    const child = run('gave-up');
    await child.printed('ready');
    child.send('fail');
    await child.printed('stopping Config');
    // stop() called now resolves when the escalation's stop ends; the exit must still say that it failed.
    child.process.kill('SIGTERM');
    await child.reported('SIGTERM received, stopping');
    child.send('release');
    const end = await child.exited;
    assert.equal(end.code, 1, end.stderr);
    assert.deepEqual(stops(end.stdout), ['stopped Api', 'stopped Store', 'stopped Config'], 'the escalation stopped everything first, the failed Api in its place');
    assert.match(end.stderr, /readygraph: lifecycle stopped because supervision gave up: .*Api.*connection reset.*; exiting with code 1\n/);
  });

  it('exits 1 after a stop whose onStop failed, after stopping the others', async () => {
    const child = run('fail-stop');
    await child.printed('ready');
    child.process.kill('SIGTERM');
    const end = await child.exited;
    assert.equal(end.code, 1, end.stderr);
    assert.deepEqual(stops(end.stdout), ['stopped Store', 'stopped Config']);
    assert.match(end.stderr, /readygraph: lifecycle stopped, but the stop failed: .*"Api": socket already closed.*; exiting with code 1\n/);
  });

  it('reports on the logger when there is one: the signal and the clean stop at info, nothing on stderr', async () => {
    const child = run('pino');
    await child.printed('ready');
    child.process.kill('SIGTERM');
    const end = await child.exited;
    assert.equal(end.code, 0, end.stderr);
    assert.equal(end.stderr, '');
    const lines = end.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as PinoLine);
    const last = lines.at(-1);
    assert.deepEqual([last?.level, last?.msg, last?.exitCode], [30, 'lifecycle stopped; exiting with code 0', 0]);
    assert.ok(lines.some((line) => line.level === 30 && /SIGTERM received, stopping/.test(line.msg)), end.stdout);
  });

  for (const [mode, how] of [
    ['buffered', 'when the event loop runs dry'],
    ['buffered-leak', 'also when the application left a handle open (within the 2 s bound)'],
  ] as const) {
    it(`flushes a logger that has flush() and lets the writes in flight complete before it exits, ${how}`, async () => {
      const child = run(mode);
      await child.printed('ready');
      child.process.kill('SIGTERM');
      const end = await child.exited;
      assert.equal(end.code, 0, end.stderr);
      assert.equal(end.stderr, '');
      const logged = end.stdout.split('\n').filter((line) => /^(info|warn|error) /.test(line));
      assert.match(logged.at(-1) ?? '', /^info lifecycle stopped; exiting with code 0 \{"lifecycle":"[^"]+","exitCode":0\}$/, end.stdout);
      assert.ok(logged.some((line) => line.startsWith('info SIGTERM received, stopping')), end.stdout);
    });
  }

  it('"calling start() or stopOnSignals() as well is ERR_READYGRAPH_USAGE" after run()', async () => {
    const child = run('misuse');
    await child.printed('ready');
    child.process.kill('SIGTERM');
    const end = await child.exited;
    assert.equal(end.code, 0, end.stderr);
    assert.match(end.stdout, /^start\(\): ERR_READYGRAPH_USAGE: start\(\) after run\(\): run\(\) is the process's main/m);
    assert.match(end.stdout, /^stopOnSignals\(\): ERR_READYGRAPH_USAGE: stopOnSignals\(\) after run\(\)/m);
  });
});

describe('lifecycle.run() in this process', () => {
  const lifecycleOfOne = (): Lifecycle => {
    const container = new Container();
    container.bind(defineService('Db', { onReady: () => undefined })).toSelf();
    return new Lifecycle(container);
  };

  it('after start() or stopOnSignals() it rejects with ERR_READYGRAPH_USAGE, and starts nothing', async () => {
    const started = lifecycleOfOne();
    await started.start();
    await assert.rejects(started.run(), (error: unknown) => {
      assert.equal((error as ReadyGraphError).code, errorCodes.usage);
      assert.match((error as Error).message, /^run\(\) after start\(\): run\(\) is the process's main/);
      return true;
    });
    await started.stop();

    const signalled = lifecycleOfOne();
    const before = process.listenerCount('SIGTERM');
    const uninstall = signalled.stopOnSignals();
    await assert.rejects(signalled.run(), { code: errorCodes.usage, message: /^run\(\) after stopOnSignals\(\)/ });
    assert.equal(process.listenerCount('SIGTERM'), before + 1, 'run() installed no handlers of its own');
    assert.equal(signalled.state, 'idle', 'run() did not start it');
    uninstall();
  });

  it('rejects bad options before it installs or starts anything', async () => {
    const lifecycle = lifecycleOfOne();
    const before = process.listenerCount('SIGTERM');
    await assert.rejects(lifecycle.run({ forceAfterMs: -1 }), { code: errorCodes.usage, message: /forceAfterMs .*-1 \(number\)/ });
    assert.equal(process.listenerCount('SIGTERM'), before);
    assert.equal(lifecycle.state, 'idle');
  });
});
