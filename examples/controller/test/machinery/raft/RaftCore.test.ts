import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryRaftStorage, RaftCore } from '../../../src/machinery/raft/index.js';
import type { RaftMessage } from '../../../src/machinery/raft/index.js';
import { elect, log, probe } from './support/probe.js';
import type { Probe } from './support/probe.js';

/** Delivers messages between the given probes until none are left; messages to anyone else are dropped. */
function exchange(probes: readonly Probe[]): RaftMessage<string>[] {
  const delivered: RaftMessage<string>[] = [];
  const byId = new Map(probes.map((p) => [p.core.status().id, p]));
  let queue = probes.flatMap((p) => p.sent());
  while (queue.length > 0) {
    const next: RaftMessage<string>[] = [];
    for (const message of queue) {
      const receiver = byId.get(message.to);
      if (receiver === undefined) continue;
      delivered.push(message);
      receiver.core.receive(message);
      next.push(...receiver.sent());
    }
    queue = next;
  }
  return delivered;
}

describe('RaftCore elections', () => {
  it('term overflow: a node at the last exact term does not start an election it could not persist', () => {
    const p = probe({ random: 0, state: { currentTerm: Number.MAX_SAFE_INTEGER, votedFor: null, log: [] } });
    p.clock.time = 150;
    p.core.tick();
    assert.deepEqual(p.calls, [], 'nothing persisted, nothing sent');
    assert.deepEqual([p.core.status().role, p.core.status().term], ['follower', Number.MAX_SAFE_INTEGER]);
  });

  it('maxTermLead: a message further ahead moves the node by maxTermLead, as a follower, and is otherwise dropped; one within it is taken whole', () => {
    const p = probe({ state: { currentTerm: 5, votedFor: null, log: [] }, overrides: { maxTermLead: 100 } });
    p.core.receive({ type: 'RequestVote', from: 'n2', to: 'n1', term: 1_000, lastLogIndex: 0, lastLogTerm: 0 });
    assert.deepEqual([p.core.status().role, p.core.status().term, p.core.status().votedFor], ['follower', 105, null], 'moved by 100, no vote given');
    assert.deepEqual(p.sent(), [], 'the message itself is dropped: no reply');
    p.core.receive({ type: 'RequestVote', from: 'n2', to: 'n1', term: 205, lastLogIndex: 0, lastLogTerm: 0 });
    assert.deepEqual([p.core.status().term, p.core.status().votedFor], [205, 'n2'], 'within the lead: adopted, and the vote granted');
  });

  it('starts an election when its randomized timeout passes, after persisting its new term and self-vote', () => {
    const p = probe({ random: 0.5 });
    // 150 + 0.5 * (300 - 150): the timeout comes from the injected random source.
    assert.equal(p.core.nextDeadline(), 225);
    p.clock.time = 224;
    p.core.tick();
    assert.deepEqual(p.calls, []);

    p.clock.time = 225;
    p.core.tick();
    assert.deepEqual(p.calls, [
      { kind: 'persist', change: { hardState: { currentTerm: 1, votedFor: 'n1' } } },
      { kind: 'send', message: { type: 'RequestVote', from: 'n1', to: 'n2', term: 1, lastLogIndex: 0, lastLogTerm: 0 } },
      { kind: 'send', message: { type: 'RequestVote', from: 'n1', to: 'n3', term: 1, lastLogIndex: 0, lastLogTerm: 0 } },
    ]);
    assert.equal(p.core.status().role, 'candidate');
  });

  it('becomes leader on a majority of votes and replicates a no-op of its term', () => {
    const p = probe();
    p.clock.time = 150;
    p.core.tick();
    p.sent();
    p.core.receive({ type: 'RequestVoteResult', from: 'n2', to: 'n1', term: 1, voteGranted: true });
    assert.equal(p.core.status().role, 'leader');
    assert.equal(p.core.status().leader, 'n1');
    assert.deepEqual(p.core.log, [{ term: 1, kind: 'noop' }]);
    assert.deepEqual(
      p.sent().map((m) => (m.type === 'AppendEntries' ? [m.to, m.prevLogIndex, m.entries.length] : m.type)),
      [
        ['n2', 0, 1],
        ['n3', 0, 1],
      ],
    );
  });

  it('does not count a vote from a past term or a refusal', () => {
    const p = probe();
    p.clock.time = 150;
    p.core.tick(); // term 1
    p.clock.time = 300;
    p.core.tick(); // timed out again: term 2
    p.core.receive({ type: 'RequestVoteResult', from: 'n2', to: 'n1', term: 1, voteGranted: true });
    p.core.receive({ type: 'RequestVoteResult', from: 'n3', to: 'n1', term: 2, voteGranted: false });
    assert.equal(p.core.status().role, 'candidate');
  });

  it('grants at most one vote per term, and repeats it to the same candidate', () => {
    const p = probe();
    const ask = (from: string, term: number): boolean => {
      p.core.receive({ type: 'RequestVote', from, to: 'n1', term, lastLogIndex: 0, lastLogTerm: 0 });
      const reply = p.sent()[0];
      assert.equal(reply?.type, 'RequestVoteResult');
      return reply.type === 'RequestVoteResult' && reply.voteGranted;
    };
    assert.equal(ask('n2', 1), true);
    assert.equal(ask('n3', 1), false);
    // A duplicated request must get the same answer, or the candidate would lose a vote it was given.
    assert.equal(ask('n2', 1), true);
    assert.equal(ask('n3', 2), true);
  });

  it('denies its vote to a candidate whose log is less up to date (§5.4.1), but still adopts the term', () => {
    const p = probe({ state: { currentTerm: 2, votedFor: null, log: log(1, 2) } });
    const ask = (term: number, lastLogIndex: number, lastLogTerm: number): boolean => {
      p.core.receive({ type: 'RequestVote', from: 'n2', to: 'n1', term, lastLogIndex, lastLogTerm });
      const reply = p.sent()[0];
      return reply?.type === 'RequestVoteResult' && reply.voteGranted;
    };
    assert.equal(ask(3, 5, 1), false, 'a longer log with an older last term is behind');
    assert.equal(p.storage.state.currentTerm, 3);
    assert.equal(ask(4, 1, 2), false, 'the same last term with fewer entries is behind');
    assert.equal(ask(5, 2, 2), true, 'an equal log is up to date');
    assert.equal(ask(6, 1, 3), true, 'a newer last term wins even with fewer entries');
  });

  it('refuses a candidate from an older term and tells it the current one', () => {
    const p = probe({ state: { currentTerm: 5, votedFor: null, log: [] } });
    p.core.receive({ type: 'RequestVote', from: 'n2', to: 'n1', term: 4, lastLogIndex: 0, lastLogTerm: 0 });
    assert.deepEqual(p.sent(), [{ type: 'RequestVoteResult', from: 'n1', to: 'n2', term: 5, voteGranted: false }]);
  });

  it('a leader steps down when a reply carries a higher term, and starts its election timer', () => {
    const p = probe();
    elect(p);
    p.core.receive({ type: 'AppendEntriesResult', from: 'n3', to: 'n1', term: 7, success: false, matchIndex: 0 });
    const status = p.core.status();
    assert.deepEqual([status.role, status.term, status.votedFor, status.leader], ['follower', 7, null, null]);
    assert.deepEqual(p.storage.state, { currentTerm: 7, votedFor: null, log: [{ term: 1, kind: 'noop' }] });
    assert.ok(p.core.nextDeadline() > p.clock.time, 'a deposed leader must be able to time out and run again');
  });

  it('a candidate yields to a leader of its own term', () => {
    const p = probe();
    p.clock.time = 150;
    p.core.tick();
    p.core.receive({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 });
    assert.deepEqual([p.core.status().role, p.core.status().leader], ['follower', 'n2']);
  });

  it('a follower that hears from its leader does not start an election', () => {
    const p = probe();
    for (let time = 100; time <= 1000; time += 100) {
      p.clock.time = time;
      p.core.receive({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 });
      p.core.tick();
    }
    assert.equal(p.core.status().role, 'follower');
    p.clock.time = 1150;
    p.core.tick();
    assert.equal(p.core.status().role, 'candidate');
  });

  it('a node alone in its cluster elects itself and commits its own proposals', () => {
    const p = probe({ peers: [] });
    p.clock.time = 150;
    p.core.tick();
    assert.equal(p.core.status().role, 'leader');
    assert.deepEqual(p.core.propose('x'), { accepted: true, index: 2, term: 1 });
    assert.deepEqual(
      p.applied().map((e) => [e.index, e.kind]),
      [
        [1, 'noop'],
        [2, 'command'],
      ],
    );
  });
});

describe('RaftCore log replication', () => {
  it('rejects AppendEntries that fail the consistency check and says how far back to retry', () => {
    const p = probe({ state: { currentTerm: 1, votedFor: null, log: log(1, 1, 1) } });
    const append = (prevLogIndex: number, prevLogTerm: number): RaftMessage<string> | undefined => {
      p.core.receive({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 2, prevLogIndex, prevLogTerm, entries: log(2), leaderCommit: 0 });
      return p.sent()[0];
    };
    // Beyond the end of its log: retry from its last entry.
    assert.deepEqual(append(5, 2), { type: 'AppendEntriesResult', from: 'n1', to: 'n2', term: 2, success: false, matchIndex: 3 });
    // A term mismatch at prevLogIndex: that entry cannot match, so retry before it.
    assert.deepEqual(append(3, 2), { type: 'AppendEntriesResult', from: 'n1', to: 'n2', term: 2, success: false, matchIndex: 2 });
    assert.deepEqual(p.core.log, log(1, 1, 1), 'a rejected request changes nothing');
  });

  it('a leader backtracks to the last matching entry and replaces the follower conflicting suffix', () => {
    const leader = probe({ state: { currentTerm: 2, votedFor: null, log: log(1, 2, 2) } });
    const follower = probe({ id: 'n2', peers: ['n1', 'n3'], state: { currentTerm: 1, votedFor: null, log: log(1, 1, 1, 1) } });
    elect(leader, 'n3');
    leader.clock.time += 50;
    leader.core.tick();
    const delivered = exchange([leader, follower]);

    const probes = delivered.flatMap((m) => (m.type === 'AppendEntries' && m.to === 'n2' ? [m.prevLogIndex] : []));
    assert.deepEqual(probes, [3, 2, 1], 'each rejection moves prevLogIndex back to the follower hint');
    assert.deepEqual(follower.core.log, leader.core.log);
    assert.deepEqual(follower.storage.state.log, leader.core.log, 'and the repaired log is on disk');
  });

  it('refuses AppendEntries from a deposed leader and tells it the current term', () => {
    const p = probe({ state: { currentTerm: 5, votedFor: null, log: log(1) } });
    p.core.receive({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 4, prevLogIndex: 1, prevLogTerm: 1, entries: log(4), leaderCommit: 1 });
    assert.deepEqual(p.sent(), [{ type: 'AppendEntriesResult', from: 'n1', to: 'n2', term: 5, success: false, matchIndex: 0 }]);
    assert.deepEqual([p.core.log, p.core.status().leader, p.core.status().commitIndex], [log(1), null, 0]);
  });

  it('keeps entries it already holds when a late or duplicated request arrives', () => {
    const p = probe();
    const entries = log(1, 1, 1);
    const append = (count: number): void =>
      p.core.receive({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: entries.slice(0, count), leaderCommit: 0 });
    append(3);
    p.sent();
    append(1);
    assert.deepEqual(p.core.log, entries);
    assert.deepEqual(p.sent(), [{ type: 'AppendEntriesResult', from: 'n1', to: 'n2', term: 1, success: true, matchIndex: 1 }]);
  });

  it('a follower commits no further than the last entry the request vouched for', () => {
    // Index 2 is a leftover from term 1 that the term 2 leader has not confirmed: committing it would be wrong.
    const p = probe({ state: { currentTerm: 1, votedFor: null, log: log(1, 1) } });
    p.core.receive({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [], leaderCommit: 5 });
    assert.equal(p.core.status().commitIndex, 1);
    assert.deepEqual(
      p.applied().map((e) => e.index),
      [1],
    );
  });

  it('never removes a committed entry, even when a faulty leader asks it to', () => {
    const p = probe();
    p.core.receive({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: log(1), leaderCommit: 1 });
    p.sent();
    p.core.receive({ type: 'AppendEntries', from: 'n3', to: 'n1', term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: log(2), leaderCommit: 0 });
    assert.deepEqual(p.core.log, log(1));
    assert.deepEqual(p.sent(), [], 'no acknowledgement either, or the faulty leader would count this node');
  });

  it('ignores a claim to lead its own term while it leads it', () => {
    const p = probe();
    elect(p);
    p.core.receive({ type: 'AppendEntries', from: 'n3', to: 'n1', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: log(1), leaderCommit: 1 });
    assert.deepEqual([p.core.status().role, p.core.log.length, p.sent().length], ['leader', 1, 0]);
  });

  it('ignores messages not addressed to it or from nodes outside the cluster', () => {
    const p = probe();
    p.core.receive({ type: 'RequestVote', from: 'n9', to: 'n1', term: 9, lastLogIndex: 0, lastLogTerm: 0 });
    p.core.receive({ type: 'RequestVote', from: 'n2', to: 'n3', term: 9, lastLogIndex: 0, lastLogTerm: 0 });
    assert.deepEqual(p.calls, []);
    assert.equal(p.core.status().term, 0);
  });

  it('sends heartbeats each interval while leading, with what each follower is missing', () => {
    const p = probe();
    elect(p);
    p.clock.time += 49;
    p.core.tick();
    assert.equal(p.sent().length, 0);
    p.clock.time += 1;
    p.core.tick();
    assert.deepEqual(
      p.sent().map((m) => (m.type === 'AppendEntries' ? [m.to, m.entries.length] : m.type)),
      [
        ['n2', 1],
        ['n3', 1],
      ],
    );
  });
});

describe('RaftCore commitment', () => {
  it('does not commit an earlier-term entry by counting replicas (Figure 8), only together with one of its own', () => {
    const p = probe({ state: { currentTerm: 2, votedFor: null, log: log(1, 2) } });
    elect(p); // term 3; log: a@1, b@2, noop@3
    p.core.receive({ type: 'AppendEntriesResult', from: 'n2', to: 'n1', term: 3, success: true, matchIndex: 2 });
    // b@2 is now on a majority (n1, n2), yet a later leader that never saw it could still overwrite it.
    assert.equal(p.core.status().commitIndex, 0);
    assert.deepEqual(p.applied(), []);

    p.core.receive({ type: 'AppendEntriesResult', from: 'n2', to: 'n1', term: 3, success: true, matchIndex: 3 });
    assert.equal(p.core.status().commitIndex, 3);
    assert.deepEqual(
      p.applied().map((e) => [e.index, e.term, e.kind]),
      [
        [1, 1, 'command'],
        [2, 2, 'command'],
        [3, 3, 'noop'],
      ],
    );
  });

  it('needs a majority: one acknowledgement of five nodes commits nothing, two do', () => {
    const p = probe({ peers: ['n2', 'n3', 'n4', 'n5'] });
    elect(p, 'n2', 'n3');
    p.core.receive({ type: 'AppendEntriesResult', from: 'n2', to: 'n1', term: 1, success: true, matchIndex: 1 });
    assert.equal(p.core.status().commitIndex, 0);
    p.core.receive({ type: 'AppendEntriesResult', from: 'n4', to: 'n1', term: 1, success: true, matchIndex: 1 });
    assert.equal(p.core.status().commitIndex, 1);
    assert.deepEqual(p.core.status().matchIndex, { n2: 1, n3: 0, n4: 1, n5: 0 });
  });

  it('a proposal returns its index and term, commits on a majority, and a follower names the leader instead', () => {
    const leader = probe();
    const follower = probe({ id: 'n2', peers: ['n1', 'n3'] });
    elect(leader, 'n3');
    leader.clock.time += 50;
    leader.core.tick();
    exchange([leader, follower]);
    assert.deepEqual(follower.core.propose('x'), { accepted: false, leader: 'n1' });

    const result = leader.core.propose('x');
    assert.deepEqual(result, { accepted: true, index: 2, term: 1 });
    assert.deepEqual(leader.storage.state.log.at(-1), { term: 1, kind: 'command', command: 'x' }, 'persisted before propose returns');
    exchange([leader, follower]);
    assert.deepEqual(leader.applied().at(-1), { term: 1, kind: 'command', command: 'x', index: 2 });
    // The follower learns of the commit with the next heartbeat.
    leader.clock.time += 50;
    leader.core.tick();
    exchange([leader, follower]);
    assert.deepEqual(follower.applied().at(-1), { term: 1, kind: 'command', command: 'x', index: 2 });
  });

  it('a proposal goes to every up-to-date follower at once, without waiting for a heartbeat', () => {
    const p = probe();
    elect(p, 'n3');
    for (const from of ['n2', 'n3']) p.core.receive({ type: 'AppendEntriesResult', from, to: 'n1', term: 1, success: true, matchIndex: 1 });
    p.sent();
    const deadline = p.core.nextDeadline();

    p.core.propose('x'); // the clock has not moved: no tick is due, none is made
    assert.deepEqual(
      p.sent().map((m) => (m.type === 'AppendEntries' ? [m.to, m.prevLogIndex, m.entries.map((e) => e.kind === 'command' && e.command)] : m.type)),
      [
        ['n2', 1, ['x']],
        ['n3', 1, ['x']],
      ],
    );
    p.core.receive({ type: 'AppendEntriesResult', from: 'n2', to: 'n1', term: 1, success: true, matchIndex: 2 });
    assert.deepEqual(p.applied().at(-1), { term: 1, kind: 'command', command: 'x', index: 2 }, 'committed and applied on the first acknowledgement');
    assert.equal(p.core.nextDeadline(), deadline, 'and still no heartbeat was due');
  });

  it('ignores a success reply that claims more entries than the leader holds', () => {
    const p = probe();
    elect(p); // the leader holds one entry, its no-op
    p.core.receive({ type: 'AppendEntriesResult', from: 'n2', to: 'n1', term: 1, success: true, matchIndex: 5 });
    assert.deepEqual(p.core.status().matchIndex, { n2: 0, n3: 0 }, 'only a faulty peer acknowledges entries it was never sent');
    assert.equal(p.core.status().commitIndex, 0);
    assert.deepEqual(p.applied(), []);
  });

  it('a follower without a known leader says so', () => {
    assert.deepEqual(probe().core.propose('x'), { accepted: false, leader: null });
  });
});

describe('RaftCore misuse', () => {
  it('throws when called from inside its own transport', () => {
    let time = 0;
    const cores: RaftCore<string>[] = [];
    const core = new RaftCore<string>({
      id: 'n1',
      peers: ['n2'],
      storage: new MemoryRaftStorage<string>(),
      transport: { send: () => cores[0]?.tick() },
      stateMachine: { apply: () => undefined },
      clock: { now: () => time },
    });
    cores.push(core);
    time = 1000;
    assert.throws(() => core.tick(), { message: /called from inside its own transport or state machine/ });
  });

  it('rejects options that cannot work, naming the problem', () => {
    const base = {
      id: 'n1',
      storage: new MemoryRaftStorage<string>(),
      transport: { send: () => undefined },
      stateMachine: { apply: () => undefined },
      clock: { now: () => 0 },
    };
    assert.throws(() => new RaftCore<string>({ ...base, peers: ['n1', 'n2'] }), { name: 'RangeError', message: /exclude the node itself/ });
    assert.throws(() => new RaftCore<string>({ ...base, peers: ['n2', 'n2'] }), { name: 'RangeError', message: /distinct/ });
    assert.throws(() => new RaftCore<string>({ ...base, peers: ['n2'], heartbeatInterval: 150 }), { name: 'RangeError', message: /heartbeatInterval/ });
    assert.throws(() => new RaftCore<string>({ ...base, peers: ['n2'], electionTimeout: { min: 300, max: 300 } }), {
      name: 'RangeError',
      message: /electionTimeout/,
    });
    assert.throws(() => new RaftCore<string>({ ...base, peers: ['n2'], maxEntriesPerMessage: 0 }), { name: 'RangeError', message: /maxEntriesPerMessage/ });
  });
});
