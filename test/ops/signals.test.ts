import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Container } from 'inversify';
import { Lifecycle } from 'readygraph';
import { startFixture, type FixtureProcess } from '../support/fixtureProcess.js';

const fixture = fileURLToPath(new URL('./fixtures/signals.js', import.meta.url));

const run = (...args: string[]): FixtureProcess => startFixture(fixture, ...args);

const stops = (stdout: string): string[] => stdout.split('\n').filter((line) => line.startsWith('stopped '));

// Each test is its own process; they run side by side.
describe('stopOnSignals in a real process', { concurrency: true }, () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops gracefully on ${signal}, dependents first, and exits 0`, async () => {
      const child = run('graceful');
      await child.printed('ready');
      child.process.kill(signal);
      const end = await child.exited;
      assert.equal(end.code, 0, end.stderr);
      assert.deepEqual(stops(end.stdout), ['stopped Api', 'stopped Store', 'stopped Config']);
      assert.match(end.stderr, new RegExp(`${signal} received, stopping`));
    });
  }

  it('exits 1 with the failure when an onStop fails, after stopping the others', async () => {
    const child = run('failing');
    await child.printed('ready');
    child.process.kill('SIGTERM');
    const end = await child.exited;
    assert.equal(end.code, 1);
    assert.deepEqual(stops(end.stdout), ['stopped Store', 'stopped Config']);
    assert.match(end.stderr, /"Api": socket already closed/);
  });

  it('exits 130 at once on a second SIGINT while an onStop hangs, naming the hook', async () => {
    const child = run('hung');
    await child.printed('ready');
    child.process.kill('SIGINT');
    await child.printed('stopping Api');
    child.process.kill('SIGINT');
    const end = await child.exited;
    assert.equal(end.code, 130);
    assert.match(end.stderr, /second SIGINT while stopping; exiting now\. Hooks still running: Api \(onStop\)/);
    assert.deepEqual(stops(end.stdout), [], 'nothing behind the hung hook was stopped');
  });

  it("with forceOn: 'same', another signal does not force the exit; the same one again does", async () => {
    const child = run('hung', '-', 'same');
    await child.printed('ready');
    child.process.kill('SIGINT');
    await child.printed('stopping Api');
    child.process.kill('SIGTERM');
    // The child answers the SIGTERM with this line and goes on stopping; had it forced the exit, it would say so and
    // exit 143 instead, and this wait would fail.
    await child.reported('SIGTERM received while stopping after SIGINT; still stopping');
    child.process.kill('SIGINT');
    const end = await child.exited;
    assert.equal(end.code, 130);
    assert.doesNotMatch(end.stderr, /second SIGTERM/);
    assert.match(end.stderr, /second SIGINT while stopping; exiting now/);
  });

  // The timeout only turns a child that never exits (a force timer off the clock) into a failure instead of a hang.
  it('exits 143 after forceAfterMs on its clock when the stop hangs on SIGTERM, naming the hook', { timeout: 30_000 }, async () => {
    const child = run('hung', '60000');
    await child.printed('ready');
    child.process.kill('SIGTERM');
    await child.printed('stopping Api');
    await child.advance(59_999); // fails if the child exits before it acknowledges
    child.process.stdin.write('advance 1\n'); // the child exits inside this move: no acknowledgement to wait for
    const end = await child.exited;
    assert.equal(end.code, 143);
    assert.doesNotMatch(end.stdout, /clock at 60000/, 'it exited inside the timer that reached forceAfterMs');
    assert.match(end.stderr, /did not end within 60000 ms \(forceAfterMs\); exiting now\. Hooks still running: Api \(onStop\)/);
  });
});

describe('stopOnSignals in this process', () => {
  it('installs one handler per signal and the returned function uninstalls them', () => {
    const lifecycle = new Lifecycle(new Container());
    const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM'), SIGHUP: process.listenerCount('SIGHUP') };
    const uninstall = lifecycle.stopOnSignals({ signals: ['SIGHUP', 'SIGTERM'] });
    assert.equal(process.listenerCount('SIGHUP'), before.SIGHUP + 1);
    assert.equal(process.listenerCount('SIGTERM'), before.SIGTERM + 1);
    assert.equal(process.listenerCount('SIGINT'), before.SIGINT, 'only the given signals');
    uninstall();
    assert.deepEqual(
      { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM'), SIGHUP: process.listenerCount('SIGHUP') },
      before,
    );
  });

  it('rejects bad options with ERR_READYGRAPH_USAGE quoting the value', () => {
    const lifecycle = new Lifecycle(new Container());
    assert.throws(() => lifecycle.stopOnSignals({ forceOn: 'twice' as never }), { code: 'ERR_READYGRAPH_USAGE', message: /"twice" \(string\)/ });
    assert.throws(() => lifecycle.stopOnSignals({ forceAfterMs: -1 }), { code: 'ERR_READYGRAPH_USAGE', message: /-1 \(number\)/ });
    assert.throws(() => lifecycle.stopOnSignals({ clock: 'wall' as never }), { code: 'ERR_READYGRAPH_USAGE', message: /clock must be a Clock.*"wall" \(string\)/ });
  });
});
