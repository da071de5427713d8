import type { LogEntry } from './LogEntry.js';
import type { ProposeResult } from './ProposeResult.js';
import type { ReadIndexResult } from './ReadIndexResult.js';
import type { RaftClock, RaftCoreOptions, RaftStateMachine, RaftTransport } from './RaftCoreOptions.js';
import type { AppendEntries, AppendEntriesResult, NodeId, RaftMessage, RequestVote, RequestVoteResult } from './RaftMessage.js';
import type { RaftRole, RaftStatus } from './RaftStatus.js';
import type { RaftStorage } from './RaftStorage.js';
import { ElectionTimer } from './ElectionTimer.js';
import { Quorum } from './Quorum.js';
import { RaftLog } from './RaftLog.js';
import { ReadIndexRounds } from './ReadIndexRounds.js';
import { ReplicationProgress } from './ReplicationProgress.js';
import { checkRaftCoreOptions } from './checkRaftCoreOptions.js';

/**
 * One Raft server as a pure state machine (Figure 2 of Ongaro & Ousterhout, 2014), with no I/O and no timers of its
 * own. A driver feeds it events — {@link tick} when the clock passes {@link nextDeadline}, {@link receive} for every
 * message, {@link propose} for client commands — and it answers through the injected storage, transport and state
 * machine, always in that order within one event: persist, then send, then apply.
 *
 * Every call runs to completion; none may be made from inside the transport or the state machine (that throws).
 */
export class RaftCore<C> {
  readonly #id: NodeId;
  readonly #peers: readonly NodeId[];
  readonly #quorum: Quorum;
  readonly #storage: RaftStorage<C>;
  readonly #transport: RaftTransport<C>;
  readonly #stateMachine: RaftStateMachine<C>;
  readonly #clock: RaftClock;
  readonly #heartbeatInterval: number;
  readonly #maxEntriesPerMessage: number;
  readonly #maxTermLead: number;

  // Figure 2, persistent state on all servers. Changes are written to #storage at the end of each event.
  #currentTerm: number;
  #votedFor: NodeId | null;
  readonly #log: RaftLog<C>;

  // Figure 2, volatile state on all servers.
  #commitIndex = 0;
  #lastApplied = 0;

  #role: RaftRole = 'follower';
  #leader: NodeId | null = null;
  readonly #electionTimer: ElectionTimer;
  #heartbeatDeadline = 0;
  readonly #votes = new Set<NodeId>();

  // Figure 2, volatile state on leaders, reinitialized after each election.
  readonly #progress: ReplicationProgress;
  /** What linearizable reads need of a leader (section 8, ReadIndex): its rounds and who acknowledged them. */
  readonly #reads: ReadIndexRounds;

  // What the event being handled changed (the log keeps its own note): persisted first, then the outbox is sent.
  #hardStateChanged = false;
  #outbox: RaftMessage<C>[] = [];
  #handling = false;
  /** Set once `persist` has thrown: memory is then ahead of the disk, so the core takes no further events. */
  #storageFailure: { readonly cause: unknown } | undefined;

  /**
   * Loads the persistent state from `options.storage` and starts as a follower with a fresh election timeout.
   * Throws a `RangeError` when the options are inconsistent (a timing that cannot elect, `id` among `peers`).
   */
  constructor(options: RaftCoreOptions<C>) {
    this.#id = options.id;
    this.#peers = [...options.peers];
    this.#storage = options.storage;
    this.#transport = options.transport;
    this.#stateMachine = options.stateMachine;
    this.#clock = options.clock;
    const electionTimeout = options.electionTimeout ?? { min: 150, max: 300 };
    this.#heartbeatInterval = options.heartbeatInterval ?? 50;
    this.#maxEntriesPerMessage = options.maxEntriesPerMessage ?? 64;
    this.#maxTermLead = options.maxTermLead ?? Number.POSITIVE_INFINITY;
    this.#quorum = new Quorum(this.#peers);
    this.#progress = new ReplicationProgress(this.#peers, this.#quorum);
    this.#reads = new ReadIndexRounds(this.#quorum);
    checkRaftCoreOptions(this.#id, this.#peers, electionTimeout, this.#heartbeatInterval, this.#maxEntriesPerMessage);

    const saved = this.#storage.load();
    this.#currentTerm = saved.currentTerm;
    this.#votedFor = saved.votedFor;
    this.#log = new RaftLog(saved.log);
    this.#electionTimer = new ElectionTimer(this.#clock, options.random ?? Math.random, electionTimeout);
  }

  /** Handles timer expiry: a leader sends heartbeats, a follower or candidate whose timeout passed starts an election. */
  tick(): void {
    this.#handle(() => {
      const now = this.#clock.now();
      if (this.#role === 'leader') {
        if (now >= this.#heartbeatDeadline) {
          for (const peer of this.#peers) this.#sendAppendEntries(peer);
          this.#heartbeatDeadline = now + this.#heartbeatInterval;
        }
      } else if (now >= this.#electionTimer.deadline) {
        this.#startElection();
      }
    });
  }

  /**
   * Handles one message from a peer. The message must already be well-formed (see `parseRaftMessage`); one that is
   * not addressed to this node or not from a known peer is ignored.
   */
  receive(message: RaftMessage<C>): void {
    this.#handle(() => {
      if (message.to !== this.#id || !this.#peers.includes(message.from)) return;
      // A term too far ahead moves this node toward it by maxTermLead, and the message is dropped.
      if (message.term > this.#currentTerm + this.#maxTermLead) {
        this.#becomeFollower(this.#currentTerm + this.#maxTermLead);
        return;
      }
      // Figure 2, all servers: a higher term in any message means this node is out of date.
      if (message.term > this.#currentTerm) this.#becomeFollower(message.term);
      switch (message.type) {
        case 'RequestVote':
          this.#onRequestVote(message);
          break;
        case 'RequestVoteResult':
          this.#onRequestVoteResult(message);
          break;
        case 'AppendEntries':
          this.#onAppendEntries(message);
          break;
        case 'AppendEntriesResult':
          this.#onAppendEntriesResult(message);
          break;
      }
    });
  }

  /**
   * Appends `command` to the log if this node is the leader and starts replicating it. The entry is persisted before
   * this returns. See {@link ProposeResult} for how to learn whether it committed.
   */
  propose(command: C): ProposeResult {
    return this.#handle((): ProposeResult => {
      if (this.#role !== 'leader') return { accepted: false, leader: this.#leader };
      this.#log.append({ term: this.#currentTerm, kind: 'command', command });
      const index = this.#log.lastIndex;
      // Peers that were up to date get the entry now; lagging ones get it in their catch-up batches.
      for (const peer of this.#peers) if (this.#progress.nextIndex(peer, index) === index) this.#sendAppendEntries(peer);
      this.#advanceCommitIndex();
      return { accepted: true, index, term: this.#currentTerm };
    });
  }

  /**
   * Starts a linearizable read (the ReadIndex of the Raft paper, section 8): on the leader, records the read index
   * (its commit index, and at least its own term's first entry: until that commits the leader does not know what
   * earlier terms committed) and starts a leadership round, sent at once to every peer with a heartbeat. The read
   * may be served once {@link readConfirmed} says `'confirmed'` and the state machine has applied up to the index.
   */
  readIndex(): ReadIndexResult {
    return this.#handle((): ReadIndexResult => {
      if (this.#role !== 'leader') return { accepted: false, leader: this.#leader };
      const { index, round } = this.#reads.begin(this.#commitIndex);
      for (const peer of this.#peers) this.#sendAppendEntries(peer);
      this.#heartbeatDeadline = this.#clock.now() + this.#heartbeatInterval;
      return { accepted: true, index, term: this.#currentTerm, round };
    });
  }

  /**
   * Whether the leadership round of a {@link readIndex} is confirmed: `'confirmed'` once a majority acknowledged this
   * leader in a round at least as recent, `'lost'` if this node is no longer the leader of that term (the read must
   * start again, elsewhere), `'pending'` meanwhile (heartbeats keep carrying the round, so lost messages are retried).
   */
  readConfirmed(read: { readonly term: number; readonly round: number }): 'confirmed' | 'pending' | 'lost' {
    if (this.#role !== 'leader' || this.#currentTerm !== read.term) return 'lost';
    return this.#reads.confirmed(read.round) ? 'confirmed' : 'pending';
  }

  /** When {@link tick} next has work to do (absolute time on the injected clock). */
  nextDeadline(): number {
    return this.#role === 'leader' ? this.#heartbeatDeadline : this.#electionTimer.deadline;
  }

  status(): RaftStatus {
    return {
      id: this.#id,
      role: this.#role,
      term: this.#currentTerm,
      votedFor: this.#votedFor,
      leader: this.#leader,
      commitIndex: this.#commitIndex,
      lastApplied: this.#lastApplied,
      lastLogIndex: this.#log.lastIndex,
      lastLogTerm: this.#log.lastTerm,
      peers: this.#peers,
      matchIndex: this.#role === 'leader' ? this.#progress.matchIndexes() : {},
    };
  }

  /** The log as this node holds it now; entry `i` is `log[i - 1]`. Read-only: a view, not a copy. */
  get log(): readonly LogEntry<C>[] {
    return this.#log.entries;
  }

  /** Runs one event, then persists, sends and applies what it produced, in that order. */
  #handle<T>(event: () => T): T {
    if (this.#storageFailure !== undefined) {
      throw new Error(`raft node '${this.#id}': storage failed earlier, memory and disk may differ; restart the node from disk`, this.#storageFailure);
    }
    if (this.#handling) {
      throw new Error(`raft node '${this.#id}': called from inside its own transport or state machine; queue the call and make it later`);
    }
    this.#handling = true;
    try {
      const result = event();
      this.#persist();
      const outbox = this.#outbox;
      this.#outbox = [];
      for (const message of outbox) this.#transport.send(message);
      for (const entry of this.#log.entriesAfter(this.#lastApplied, this.#commitIndex)) {
        this.#lastApplied += 1;
        this.#stateMachine.apply({ ...entry, index: this.#lastApplied });
      }
      return result;
    } finally {
      this.#outbox = [];
      this.#handling = false;
    }
  }

  #persist(): void {
    const log = this.#log.takeChanges();
    if (!this.#hardStateChanged && log === undefined) return;
    const hardState = { currentTerm: this.#currentTerm, votedFor: this.#votedFor };
    try {
      this.#storage.persist(log === undefined ? { hardState } : { hardState, log });
    } catch (error) {
      // Nothing of this event may leave the node now (the outbox is dropped by #handle), and later events would
      // build on state the disk does not have, so the core refuses them.
      this.#storageFailure = { cause: error };
      throw error;
    }
    this.#hardStateChanged = false;
  }

  #onRequestVote(request: RequestVote): void {
    // Election restriction (§5.4.1): vote only for a candidate whose log is at least as up to date as ours, so that
    // whoever wins holds every committed entry.
    const granted =
      request.term === this.#currentTerm &&
      (this.#votedFor === null || this.#votedFor === request.from) &&
      !this.#log.isBehind(request.lastLogIndex, request.lastLogTerm);
    if (granted) {
      if (this.#votedFor !== request.from) {
        this.#votedFor = request.from;
        this.#hardStateChanged = true;
      }
      this.#electionTimer.restart();
    }
    this.#send({ type: 'RequestVoteResult', from: this.#id, to: request.from, term: this.#currentTerm, voteGranted: granted });
  }

  #onRequestVoteResult(result: RequestVoteResult): void {
    if (this.#role !== 'candidate' || result.term !== this.#currentTerm || !result.voteGranted) return;
    this.#votes.add(result.from);
    if (this.#votes.size >= this.#quorum.size) this.#becomeLeader();
  }

  #onAppendEntries(request: AppendEntries<C>): void {
    const reply = (success: boolean, matchIndex: number): void =>
      this.#send({
        type: 'AppendEntriesResult',
        from: this.#id,
        to: request.from,
        term: this.#currentTerm,
        success,
        matchIndex,
        ...(request.round === undefined ? {} : { round: request.round }),
      });
    if (request.term < this.#currentTerm) {
      reply(false, 0);
      return;
    }
    // Two leaders in one term cannot happen between correct nodes; a peer claiming it is faulty and is not followed.
    if (this.#role === 'leader') return;
    // The sender is the leader of our term: a candidate gives up, and nobody needs an election while it is alive.
    this.#role = 'follower';
    this.#votes.clear();
    this.#leader = request.from;
    this.#electionTimer.restart();

    // The consistency check: our log must hold the leader's entry just before the new ones.
    if (!this.#log.matches(request.prevLogIndex, request.prevLogTerm)) {
      reply(false, Math.min(this.#log.lastIndex, request.prevLogIndex - 1));
      return;
    }
    // A leader that contradicts a committed entry is faulty: its request is dropped whole, unanswered.
    if (!this.#log.merge(request.prevLogIndex, request.entries, this.#commitIndex)) return;
    // Entries past the ones this request vouched for may be stale, so commit no further than the last of them.
    const lastNewIndex = request.prevLogIndex + request.entries.length;
    this.#commitIndex = Math.max(this.#commitIndex, Math.min(request.leaderCommit, lastNewIndex));
    reply(true, lastNewIndex);
  }

  #onAppendEntriesResult(result: AppendEntriesResult): void {
    if (this.#role !== 'leader' || result.term !== this.#currentTerm) return;
    const peer = result.from;
    // Any answer in our term, success or not, says the peer had not moved to a later term when it answered.
    this.#reads.acknowledge(peer, result.round);
    if (result.success) {
      if (!this.#progress.matched(peer, result.matchIndex, this.#log.lastIndex)) return;
      this.#advanceCommitIndex();
      if (this.#progress.nextIndex(peer, this.#log.lastIndex) <= this.#log.lastIndex) this.#sendAppendEntries(peer);
    } else if (this.#progress.refused(peer, result.matchIndex, this.#log.lastIndex)) {
      this.#sendAppendEntries(peer);
    }
  }

  #startElection(): void {
    // Past the last exact integer a term cannot be incremented, nor read back from disk: rather than persist a term
    // that the next start would refuse, this node stays a follower (peers refuse such terms long before, see maxTerm).
    if (this.#currentTerm >= Number.MAX_SAFE_INTEGER) {
      this.#electionTimer.restart();
      return;
    }
    this.#setTerm(this.#currentTerm + 1);
    this.#role = 'candidate';
    this.#votedFor = this.#id;
    this.#votes.clear();
    this.#votes.add(this.#id);
    this.#electionTimer.restart();
    if (this.#votes.size >= this.#quorum.size) {
      this.#becomeLeader();
      return;
    }
    const { lastIndex: lastLogIndex, lastTerm: lastLogTerm } = this.#log;
    for (const peer of this.#peers) {
      this.#send({ type: 'RequestVote', from: this.#id, to: peer, term: this.#currentTerm, lastLogIndex, lastLogTerm });
    }
  }

  #becomeLeader(): void {
    this.#role = 'leader';
    this.#leader = this.#id;
    this.#votes.clear();
    this.#progress.reset(this.#log.lastIndex);
    // Entries of earlier terms commit only together with one of ours (the Figure 8 rule), so append one right away.
    this.#log.append({ term: this.#currentTerm, kind: 'noop' });
    this.#reads.startTerm(this.#log.lastIndex);
    for (const peer of this.#peers) this.#sendAppendEntries(peer);
    this.#heartbeatDeadline = this.#clock.now() + this.#heartbeatInterval;
    this.#advanceCommitIndex();
  }

  #becomeFollower(term: number): void {
    const wasLeader = this.#role === 'leader';
    this.#setTerm(term);
    this.#role = 'follower';
    this.#votes.clear();
    // A leader's election timer was not running; it starts now.
    if (wasLeader) this.#electionTimer.restart();
  }

  #setTerm(term: number): void {
    this.#currentTerm = term;
    this.#votedFor = null;
    this.#leader = null;
    this.#hardStateChanged = true;
  }

  /**
   * Figure 2, rules for leaders: commit the highest index stored on a majority, but only if its entry is of the
   * current term (Figure 8 shows an older-term entry on a majority being overwritten); earlier entries then commit
   * with it by the Log Matching property.
   */
  #advanceCommitIndex(): void {
    for (let index = this.#log.lastIndex; index > this.#commitIndex && this.#log.termAt(index) === this.#currentTerm; index -= 1) {
      if (this.#progress.storedOnMajority(index)) {
        this.#commitIndex = index;
        return;
      }
    }
  }

  #sendAppendEntries(peer: NodeId): void {
    const prevLogIndex = this.#progress.nextIndex(peer, this.#log.lastIndex) - 1;
    this.#send({
      type: 'AppendEntries',
      from: this.#id,
      to: peer,
      term: this.#currentTerm,
      prevLogIndex,
      prevLogTerm: this.#log.termAt(prevLogIndex) ?? 0,
      entries: this.#log.entriesAfter(prevLogIndex, prevLogIndex + this.#maxEntriesPerMessage),
      leaderCommit: this.#commitIndex,
      round: this.#reads.latest,
    });
  }

  #send(message: RaftMessage<C>): void {
    this.#outbox.push(message);
  }
}
