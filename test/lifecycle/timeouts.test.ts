import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { Lifecycle } from 'readygraph';
import { TimeoutQueue } from '#internal/runtime/TimeoutQueue.js';
import { ManualClock } from '../support/ManualClock.js';
import { bindAll, defineService } from '../support/services.js';

describe('TimeoutQueue (one timer for many timeouts of one duration)', () => {
  it('expires entries in order at their own deadlines, skipping cancelled ones, with one clock timer at a time', async () => {
    const clock = new ManualClock();
    const queue = new TimeoutQueue(clock, 100);
    const expired: string[] = [];
    queue.add(() => expired.push(`a@${clock.now()}`));
    await clock.advance(10);
    const b = queue.add(() => expired.push(`b@${clock.now()}`));
    await clock.advance(10);
    queue.add(() => expired.push(`c@${clock.now()}`));
    assert.equal(clock.pending, 1, 'one timer for three entries');
    queue.cancel(b);
    queue.cancel(b);
    await clock.advance(200);
    assert.deepEqual(expired, ['a@100', 'c@120']);
    assert.equal(clock.pending, 0);
  });

  it('leaves no timer behind once no entry is live, and cancelled entries never expire', async () => {
    const clock = new ManualClock();
    const queue = new TimeoutQueue(clock, 30_000);
    const expired: string[] = [];
    const handles = [queue.add(() => expired.push('first')), queue.add(() => expired.push('second'))];
    for (const handle of handles) queue.cancel(handle);
    assert.equal(clock.pending, 0);
    await clock.advance(60_000);
    assert.deepEqual(expired, [] as string[], 'cancelled entries do not expire');
    queue.add(() => expired.push('third'));
    assert.equal(clock.pending, 1, 'arms again for a new entry');
    await clock.advance(30_000);
    assert.deepEqual(expired, ['third']);
  });

  it('passes each entry its own argument, and a stale handle cancels nothing', async () => {
    const clock = new ManualClock();
    const queue = new TimeoutQueue(clock, 100);
    const expired: string[] = [];
    const onExpire = (name: string): number => expired.push(`${name}@${clock.now()}`);
    const first = queue.add(onExpire, 'first');
    queue.cancel(first);
    assert.equal(clock.pending, 0, 'nothing live, no timer');
    queue.add(onExpire, 'second');
    queue.cancel(first);
    await clock.advance(10);
    queue.add(onExpire, 'third');
    await clock.advance(200);
    assert.deepEqual(expired, ['second@100', 'third@110']);
  });

  it('counts the duration from the time it is given, when the caller has just read the clock', async () => {
    const clock = new ManualClock();
    const queue = new TimeoutQueue(clock, 100);
    const expired: number[] = [];
    await clock.advance(50);
    queue.add(() => expired.push(clock.now()), undefined, 20);
    await clock.advance(69);
    assert.deepEqual(expired, [], 'not before 20 + 100');
    await clock.advance(1);
    assert.deepEqual(expired, [120]);
  });

  it('regression: a finished start and stop leave no timeout timer to keep the process up', async () => {
    const clock = new ManualClock();
    const Db = defineService('Db', { onReady: () => undefined, onStop: () => undefined });
    const Api = defineService('Api', { dependsOn: [Db], onReady: () => Promise.resolve(), onStop: () => Promise.resolve() });
    const container = new Container();
    bindAll(container, Db, Api);
    const lifecycle = new Lifecycle(container, { clock });
    await lifecycle.start();
    assert.equal(clock.pending, 0, 'after start');
    await lifecycle.stop();
    assert.equal(clock.pending, 0, 'after stop');
  });
});
