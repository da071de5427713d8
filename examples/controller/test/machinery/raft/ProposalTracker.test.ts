import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProposalTracker } from '../../../src/machinery/raft/index.js';

describe('ProposalTracker', () => {
  it('reports committed when the applied entry at the index has the proposal term', async () => {
    const tracker = new ProposalTracker();
    const outcome = tracker.wait(2, 5);
    tracker.applied({ index: 1, term: 5 });
    tracker.applied({ index: 2, term: 5 });
    assert.equal(await outcome, 'committed');
  });

  it('reports superseded when a later leader put another entry at that index', async () => {
    const tracker = new ProposalTracker();
    const outcome = tracker.wait(1, 5);
    tracker.applied({ index: 1, term: 6 });
    assert.equal(await outcome, 'superseded');
  });

  it('answers a wait for an index that was applied already (a one-node cluster commits inside propose)', async () => {
    const tracker = new ProposalTracker();
    tracker.applied({ index: 1, term: 1 });
    assert.equal(await tracker.wait(1, 1), 'committed');
    assert.equal(await tracker.wait(1, 2), 'superseded');
  });

  it('stays pending until its index is applied', async () => {
    const tracker = new ProposalTracker();
    let settled = false;
    const outcome = tracker.wait(2, 1).then((value) => {
      settled = true;
      return value;
    });
    tracker.applied({ index: 1, term: 1 });
    await Promise.resolve();
    assert.equal(settled, false);
    tracker.applied({ index: 2, term: 1 });
    assert.equal(await outcome, 'committed');
  });

  it('rejects pending waits on cancelAll', async () => {
    const tracker = new ProposalTracker();
    const outcome = tracker.wait(1, 1);
    tracker.cancelAll(new Error('node stopping'));
    await assert.rejects(outcome, { message: 'node stopping' });
  });

  it('refuses applied entries out of order, since it would then misjudge proposals', () => {
    const tracker = new ProposalTracker();
    assert.throws(() => tracker.applied({ index: 2, term: 1 }), { name: 'RangeError', message: /expected index 1 next, got 2/ });
  });
});
