import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RaftMessage } from '../../../src/machinery/raft/index.js';
import { elect, probe } from './support/probe.js';

describe('RaftCore linearizable reads (ReadIndex, section 8)', () => {
  const ack = (from: string, round: number, success = true): RaftMessage<string> => ({ type: 'AppendEntriesResult', from, to: 'n1', term: 1, success, matchIndex: success ? 1 : 0, round });

  it('a follower gives no read index and names the leader it knows', () => {
    const p = probe();
    assert.deepEqual(p.core.readIndex(), { accepted: false, leader: null });
    p.core.receive({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 });
    assert.deepEqual(p.core.readIndex(), { accepted: false, leader: 'n2' });
  });

  it('the leader confirms a read only once a majority answered a heartbeat sent after the read began', () => {
    const p = probe();
    elect(p, 'n2');
    // An answer to a round from before the read proves nothing about leadership now.
    p.core.receive(ack('n2', 0, false));
    assert.equal(p.core.status().commitIndex, 0);
    const read = p.core.readIndex();
    assert.ok(read.accepted);
    assert.equal(read.index, 1, 'never before the leader’s own no-op, although nothing is committed yet');
    assert.deepEqual(
      p.sent().map((m) => (m.type === 'AppendEntries' ? [m.to, m.round] : m.type)),
      [
        ['n2', read.round],
        ['n3', read.round],
      ],
      'the round goes out at once, to every peer',
    );
    assert.equal(p.core.readConfirmed(read), 'pending');
    p.core.receive(ack('n3', read.round - 1));
    assert.equal(p.core.readConfirmed(read), 'pending', 'an older round does not count');
    p.core.receive(ack('n3', read.round, false));
    assert.equal(p.core.readConfirmed(read), 'confirmed', 'a refusal in our term acknowledges the leader too');
  });

  it('a read whose leader was deposed is lost, even if its round is answered later', () => {
    const p = probe();
    elect(p, 'n2');
    const read = p.core.readIndex();
    assert.ok(read.accepted);
    p.core.receive({ type: 'RequestVote', from: 'n3', to: 'n1', term: 2, lastLogIndex: 5, lastLogTerm: 1 });
    p.core.receive(ack('n2', read.round));
    assert.equal(p.core.readConfirmed(read), 'lost');
  });
});
