// The transition tables of states.ts: what a take-down leaves a service in, and that an illegal move throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertLifecycleMove, assertRunMove, assertServiceMove, endStateAfterTakeDown, type ServiceState } from '#internal/runtime/states.js';

const states: readonly ServiceState[] = ['pending', 'starting', 'ready', 'unready', 'failed', 'restarting', 'skipped', 'stopping', 'stopped'];

describe('the transition tables (states.ts)', () => {
  it('an illegal move throws, naming the service and both states, for the lifecycle, a service and a run', () => {
    assert.throws(() => assertLifecycleMove('stopped', 'starting'), /lifecycle cannot go from stopped to starting/);
    assert.throws(() => assertServiceMove('Db', 'skipped', 'starting'), /service "Db" cannot go from skipped to starting/);
    assert.throws(() => assertRunMove('Db', 'ending', 'ending'), /a run of "Db" cannot go from ending to ending/, 'a run is stopped once');
    assert.throws(() => assertRunMove('Db', 'failed-early', 'ending'), /cannot go from failed-early to ending/, 'fail() during onReady owes no onStop');
    assertRunMove('Db', 'timed-out', 'ending'); // a late success owes its onStop
  });

  it('"A failure stays visible": a stop or rollback leaves a failed service failed, skips what never started, stops the rest', () => {
    for (const why of ['stop', 'rollback', 'give-up'] as const) {
      assert.equal(endStateAfterTakeDown(why, 'failed', false), 'failed');
      assert.equal(endStateAfterTakeDown(why, 'pending', false), 'skipped');
      for (const state of ['starting', 'ready', 'unready', 'restarting', 'stopping', 'stopped'] as const) assert.equal(endStateAfterTakeDown(why, state, false), 'stopped', `${why} from ${state}`);
    }
  });

  it('a restart leaves every member restarting (what never started stays pending); giving up leaves the given-up service failed', () => {
    for (const state of states) {
      const expected = state === 'pending' || state === 'skipped' ? state : 'restarting';
      assert.equal(endStateAfterTakeDown('restart', state, false), expected, `restart from ${state}`);
      assert.equal(endStateAfterTakeDown('give-up', state, true), 'failed', `give-up from ${state}`);
    }
  });

  it('every end state a take-down gives is a legal move from the state it starts in', () => {
    for (const why of ['stop', 'rollback', 'restart', 'give-up'] as const) {
      for (const state of states) {
        const end = endStateAfterTakeDown(why, state, false);
        if (end !== state && state !== 'starting' && state !== 'ready' && state !== 'unready') assertServiceMove('S', state, end);
      }
    }
  });
});
