import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HealthContext, HealthPolicy, SupervisionPolicy } from 'readygraph';
import { Contexts } from '../support/Contexts.js';
import { deferred, type Deferred } from '../support/services.js';
import { defineSupervised, harness, restartExactly } from './harness.js';

/** A health check whose next answers the test scripts: `'pass'`, `'false'`, `'throw'`, `'reject'` or `'hang'`. */
class ScriptedCheck {
  public calls = 0;
  public running = 0;
  public most = 0;
  public answer: 'pass' | 'false' | 'throw' | 'reject' | 'hang' = 'pass';
  public pending: Deferred<boolean> | undefined;
  public readonly check = (_context: HealthContext): void | boolean | Promise<void | boolean> => {
    this.calls += 1;
    switch (this.answer) {
      case 'pass':
        return true;
      case 'false':
        return false;
      case 'throw':
        throw new Error('ping refused');
      case 'reject':
        return Promise.reject(new Error('ping rejected'));
      case 'hang': {
        this.running += 1;
        this.most = Math.max(this.most, this.running);
        const pending = deferred<boolean>();
        this.pending = pending;
        return pending.promise.finally(() => {
          this.running -= 1;
        });
      }
    }
  };
}

function checked(health: Partial<HealthPolicy>, policy: SupervisionPolicy = {}) {
  const probe = new ScriptedCheck();
  const db = new Contexts();
  const Db = defineSupervised('Db', { onReady: db.onReady, checkHealth: probe.check, supervise: { ...policy, health } });
  return { probe, db, Db, h: harness([Db]) };
}

describe('health checks', () => {
  it('"It is called every health.intervalMs while the service is ready or unready"', async () => {
    const { probe, db, h } = checked({ intervalMs: 1_000 });
    await h.lifecycle.start();
    await h.clock.advance(999);
    assert.equal(probe.calls, 0);
    await h.clock.advance(1);
    assert.equal(probe.calls, 1);
    db.last.unready('draining');
    await h.clock.advance(1_000);
    assert.equal(probe.calls, 2, 'also while unready');
    await h.lifecycle.stop();
    await h.clock.advance(5_000);
    assert.equal(probe.calls, 2, 'not after the run ended');
  });

  for (const answer of ['false', 'throw', 'reject'] as const) {
    it(`"throwing, rejecting, returning false … is a failed check": ${answer}`, async () => {
      const { probe, h } = checked({ intervalMs: 1_000 });
      await h.lifecycle.start();
      probe.answer = answer;
      await h.clock.advance(1_000);
      assert.equal(h.service('Db').state, 'unready');
      assert.match(h.service('Db').reason ?? '', answer === 'false' ? /returned false/ : /ping (refused|rejected)/, '"reason: the check\'s error"');
      await h.lifecycle.stop();
    });
  }

  it('"outliving health.timeoutMs is a failed check"', async () => {
    const { probe, h } = checked({ intervalMs: 1_000, timeoutMs: 300 });
    await h.lifecycle.start();
    probe.answer = 'hang';
    await h.clock.advance(1_299);
    assert.equal(h.service('Db').state, 'ready');
    await h.clock.advance(1);
    assert.equal(h.service('Db').state, 'unready');
    assert.match(h.service('Db').reason ?? '', /did not settle within 300 ms/);
    probe.pending?.resolve(true);
    await h.lifecycle.stop();
  });

  it('"health.unreadyAfter failed checks in a row make it unready"; "one passing check makes it ready again"', async () => {
    const { probe, h } = checked({ intervalMs: 1_000, unreadyAfter: 2 });
    await h.lifecycle.start();
    probe.answer = 'false';
    await h.clock.advance(1_000);
    assert.equal(h.service('Db').state, 'ready', 'one failure is not enough');
    probe.answer = 'pass';
    await h.clock.advance(1_000);
    probe.answer = 'false';
    await h.clock.advance(1_000);
    assert.equal(h.service('Db').state, 'ready', '"in a row": the pass in between reset the count');
    await h.clock.advance(1_000);
    assert.equal(h.service('Db').state, 'unready');
    probe.answer = 'pass';
    await h.clock.advance(1_000);
    assert.equal(h.service('Db').state, 'ready');
    assert.equal(h.lifecycle.state, 'ready');
    await h.lifecycle.stop();
  });

  it('"(unless it called unready() itself: it is ready when neither says otherwise)"', async () => {
    const { probe, db, h } = checked({ intervalMs: 1_000 });
    await h.lifecycle.start();
    db.last.unready('maintenance');
    probe.answer = 'false';
    await h.clock.advance(1_000);
    probe.answer = 'pass';
    await h.clock.advance(1_000);
    assert.equal(h.service('Db').state, 'unready', 'the passing check does not override the service\'s own unready()');
    assert.equal(h.service('Db').reason, 'maintenance');
    db.last.ready();
    assert.equal(h.service('Db').state, 'ready');
    probe.answer = 'false';
    await h.clock.advance(1_000);
    db.last.ready();
    assert.equal(h.service('Db').state, 'unready', 'ready() does not override a failing health check');
    await h.lifecycle.stop();
  });

  it('"health.failAfter failed checks in a row are a failure (as fail())"; "Failed checks keep counting towards failAfter while the service is unready"', async () => {
    const { probe, db, h } = checked({ intervalMs: 1_000, unreadyAfter: 1, failAfter: 3 }, restartExactly);
    await h.lifecycle.start();
    probe.answer = 'throw';
    await h.clock.advance(2_000);
    assert.equal(h.service('Db').state, 'unready');
    assert.equal(h.of('service:failed').length, 0);
    await h.clock.advance(1_000);
    const failed = h.of('service:failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.phase, 'run');
    assert.equal(h.service('Db').state, 'restarting');
    probe.answer = 'pass';
    await h.clock.advance(100);
    assert.equal(db.all.length, 2, 'restarted under its policy');
    assert.equal(h.service('Db').state, 'ready');
    await h.lifecycle.stop();
  });

  it('"Health checks run one at a time: the next starts intervalMs after the previous one settled"', async () => {
    const { probe, h } = checked({ intervalMs: 1_000, timeoutMs: 5_000 });
    await h.lifecycle.start();
    probe.answer = 'hang';
    await h.clock.advance(1_000);
    assert.equal(probe.calls, 1);
    await h.clock.advance(4_000);
    assert.equal(probe.calls, 1, 'no second check while the first runs');
    probe.pending?.resolve(true);
    await h.clock.advance(999);
    assert.equal(probe.calls, 1);
    await h.clock.advance(1);
    assert.equal(probe.calls, 2);
    probe.pending?.resolve(true);
    assert.equal(probe.most, 1);
    await h.lifecycle.stop();
  });

  it('"one at a time" also after a timeout: a check that outlived timeoutMs and still runs is not overlapped', async () => {
    const { probe, h } = checked({ intervalMs: 1_000, timeoutMs: 100, unreadyAfter: 1 });
    await h.lifecycle.start();
    probe.answer = 'hang';
    await h.clock.advance(10_000);
    assert.equal(probe.calls, 1, 'the hanging check is never joined by another');
    assert.equal(probe.most, 1);
    assert.equal(h.service('Db').state, 'unready');
    probe.pending?.resolve(true);
    await h.lifecycle.stop();
  });
});
