import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryRaftStorage, RaftCore } from '../../../src/machinery/raft/index.js';
import type { RaftMessage } from '../../../src/machinery/raft/index.js';
import { elect, log, probe } from './support/probe.js';

describe('RaftCore persistence', () => {
  it('persists a granted vote before sending it', () => {
    const p = probe();
    p.core.receive({ type: 'RequestVote', from: 'n2', to: 'n1', term: 1, lastLogIndex: 0, lastLogTerm: 0 });
    assert.deepEqual(
      p.calls.map((call) => call.kind),
      ['persist', 'send'],
    );
    assert.deepEqual(p.calls[0], { kind: 'persist', change: { hardState: { currentTerm: 1, votedFor: 'n2' } } });
  });

  it('persists appended entries before acknowledging them, and only the changed suffix', () => {
    const p = probe({ state: { currentTerm: 1, votedFor: null, log: log(1, 1) } });
    p.core.receive({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: log(2, 2).slice(0, 1), leaderCommit: 0 });
    assert.deepEqual(p.calls, [
      {
        kind: 'persist',
        change: { hardState: { currentTerm: 2, votedFor: null }, log: { fromIndex: 2, entries: [{ term: 2, kind: 'command', command: 'a' }] } },
      },
      { kind: 'send', message: { type: 'AppendEntriesResult', from: 'n1', to: 'n2', term: 2, success: true, matchIndex: 2 } },
    ]);
  });

  it('a leader persists a new entry before sending it to followers', () => {
    const p = probe();
    elect(p);
    // Once followers hold the no-op they are up to date, so a new entry goes out to them at once.
    for (const from of ['n2', 'n3']) p.core.receive({ type: 'AppendEntriesResult', from, to: 'n1', term: 1, success: true, matchIndex: 1 });
    p.calls.length = 0;
    p.core.propose('x');
    assert.deepEqual(
      p.calls.map((call) => call.kind),
      ['persist', 'send', 'send'],
    );
  });

  it('sends nothing when persisting fails, and refuses further events until restarted from disk', () => {
    const sent: RaftMessage<string>[] = [];
    const failure = new Error('disk full');
    const core = new RaftCore<string>({
      id: 'n1',
      peers: ['n2'],
      storage: {
        load: () => ({ currentTerm: 0, votedFor: null, log: [] }),
        persist: () => {
          throw failure;
        },
      },
      transport: { send: (message) => sent.push(message) },
      stateMachine: { apply: () => undefined },
      clock: { now: () => 0 },
    });
    assert.throws(() => core.receive({ type: 'RequestVote', from: 'n2', to: 'n1', term: 1, lastLogIndex: 0, lastLogTerm: 0 }), failure);
    assert.deepEqual(sent, [], 'a vote that is not on disk must not be sent');
    assert.throws(() => core.tick(), { message: /storage failed earlier.*restart the node from disk/ });
  });

  it('recovers term, vote and log after a restart, and does not vote twice in that term', () => {
    const before = probe({ state: { currentTerm: 3, votedFor: null, log: log(1, 3) } });
    before.core.receive({ type: 'RequestVote', from: 'n2', to: 'n1', term: 4, lastLogIndex: 2, lastLogTerm: 3 });
    const after = before.restart();
    const status = after.core.status();
    assert.deepEqual([status.role, status.term, status.votedFor, status.commitIndex, status.lastApplied], ['follower', 4, 'n2', 0, 0]);
    assert.deepEqual(after.core.log, log(1, 3));
    after.core.receive({ type: 'RequestVote', from: 'n3', to: 'n1', term: 4, lastLogIndex: 2, lastLogTerm: 3 });
    assert.deepEqual(after.sent(), [{ type: 'RequestVoteResult', from: 'n1', to: 'n3', term: 4, voteGranted: false }]);
  });

  it('MemoryRaftStorage replaces the log suffix from fromIndex and hands out copies', () => {
    const storage = new MemoryRaftStorage<string>({ currentTerm: 1, votedFor: null, log: log(1, 1, 1) });
    storage.persist({ hardState: { currentTerm: 2, votedFor: 'n2' }, log: { fromIndex: 2, entries: log(2) } });
    assert.deepEqual(storage.load(), { currentTerm: 2, votedFor: 'n2', log: [...log(1), ...log(2)] });
    const loaded = storage.load();
    (loaded.log as unknown[]).length = 0;
    assert.equal(storage.load().log.length, 2, 'a core must not be able to change the disk through its own log');
  });
});
