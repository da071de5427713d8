import type { LogEntry } from './LogEntry.js';
import type { ProposeResult } from './ProposeResult.js';
import type { ReadIndexResult } from './ReadIndexResult.js';
import type { RaftClock, RaftCoreOptions, RaftStateMachine, RaftTransport } from './RaftCoreOptions.js';
import type { AppendEntries, AppendEntriesResult, NodeId, RaftMessage, RequestVote, RequestVoteResult } from './RaftMessage.js';
import type { RaftRole, RaftStatus } from './RaftStatus.js';
import type { RaftStorage } from './RaftStorage.js';
import type { Random } from './seededRandom.js';

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
  readonly #quorum: number;
  readonly #storage: RaftStorage<C>;
  readonly #transport: RaftTransport<C>;
  readonly #stateMachine: RaftStateMachine<C>;
  readonly #clock: RaftClock;
  readonly #random: Random;
  readonly #electionTimeout: { readonly min: number; readonly max: number };
  readonly #heartbeatInterval: number;
  readonly #maxEntriesPerMessage: number;

  // Figure 2, persistent state on all servers. Changes are written to #storage at the end of each event.
  #currentTerm: number;
  #votedFor: NodeId | null;
  readonly #log: LogEntry<C>[];

  // Figure 2, volatile state on all servers.
  #commitIndex = 0;
  #lastApplied = 0;

  #role: RaftRole = 'follower';
  #leader: NodeId | null = null;
  #electionDeadline: number;
  #heartbeatDeadline = 0;
  readonly #votes = new Set<NodeId>();

  // Figure 2, volatile state on leaders, reinitialized after each election.
  readonly #nextIndex = new Map<NodeId, number>();
  readonly #matchIndex = new Map<NodeId, number>();
  /** The index of this leader's first entry of its term (its no-op): no read is served from before it. */
  #termStartIndex = 0;
  /**
   * Leadership rounds (section 8, ReadIndex): every AppendEntries carries the latest round, every reply echoes it; a
   * round acknowledged by a majority (this node included) proves that nobody had deposed this leader when it began.
   */
  #round = 0;
  readonly #ackedRound = new Map<NodeId, number>();

  // What the event being handled changed: persisted first, then the outbox is sent.
  #hardStateChanged = false;
  #logChangedFrom = Number.POSITIVE_INFINITY;
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
    this.#random = options.random ?? Math.random;
    this.#electionTimeout = options.electionTimeout ?? { min: 150, max: 300 };
    this.#heartbeatInterval = options.heartbeatInterval ?? 50;
    this.#maxEntriesPerMessage = options.maxEntriesPerMessage ?? 64;
    this.#quorum = Math.floor((this.#peers.length + 1) / 2) + 1;
    checkOptions(this.#id, this.#peers, this.#electionTimeout, this.#heartbeatInterval, this.#maxEntriesPerMessage);

    const saved = this.#storage.load();
    this.#currentTerm = saved.currentTerm;
    this.#votedFor = saved.votedFor;
    this.#log = [...saved.log];
    this.#electionDeadline = this.#clock.now() + this.#randomElectionTimeout();
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
      } else if (now >= this.#electionDeadline) {
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
      this.#appendToOwnLog({ term: this.#currentTerm, kind: 'command', command });
      const index = this.#log.length;
      // Peers that were up to date get the entry now; lagging ones get it in their catch-up batches.
      for (const peer of this.#peers) if (this.#nextIndex.get(peer) === index) this.#sendAppendEntries(peer);
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
      this.#round += 1;
      for (const peer of this.#peers) this.#sendAppendEntries(peer);
      this.#heartbeatDeadline = this.#clock.now() + this.#heartbeatInterval;
      return { accepted: true, index: Math.max(this.#commitIndex, this.#termStartIndex), term: this.#currentTerm, round: this.#round };
    });
  }

  /**
   * Whether the leadership round of a {@link readIndex} is confirmed: `'confirmed'` once a majority acknowledged this
   * leader in a round at least as recent, `'lost'` if this node is no longer the leader of that term (the read must
   * start again, elsewhere), `'pending'` meanwhile (heartbeats keep carrying the round, so lost messages are retried).
   */
  readConfirmed(read: { readonly term: number; readonly round: number }): 'confirmed' | 'pending' | 'lost' {
    if (this.#role !== 'leader' || this.#currentTerm !== read.term) return 'lost';
    let acknowledged = 1;
    for (const peer of this.#peers) if ((this.#ackedRound.get(peer) ?? 0) >= read.round) acknowledged += 1;
    return acknowledged >= this.#quorum ? 'confirmed' : 'pending';
  }

  /** When {@link tick} next has work to do (absolute time on the injected clock). */
  nextDeadline(): number {
    return this.#role === 'leader' ? this.#heartbeatDeadline : this.#electionDeadline;
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
      lastLogIndex: this.#log.length,
      lastLogTerm: this.#termAt(this.#log.length) ?? 0,
      peers: this.#peers,
      matchIndex: this.#role === 'leader' ? Object.fromEntries(this.#matchIndex) : {},
    };
  }

  /** The log as this node holds it now; entry `i` is `log[i - 1]`. Read-only: a view, not a copy. */
  get log(): readonly LogEntry<C>[] {
    return this.#log;
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
      for (const entry of this.#log.slice(this.#lastApplied, this.#commitIndex)) {
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
    if (!this.#hardStateChanged && this.#logChangedFrom === Number.POSITIVE_INFINITY) return;
    const hardState = { currentTerm: this.#currentTerm, votedFor: this.#votedFor };
    const fromIndex = this.#logChangedFrom;
    try {
      this.#storage.persist(
        fromIndex === Number.POSITIVE_INFINITY ? { hardState } : { hardState, log: { fromIndex, entries: this.#log.slice(fromIndex - 1) } },
      );
    } catch (error) {
      // Nothing of this event may leave the node now (the outbox is dropped by #handle), and later events would
      // build on state the disk does not have, so the core refuses them.
      this.#storageFailure = { cause: error };
      throw error;
    }
    this.#hardStateChanged = false;
    this.#logChangedFrom = Number.POSITIVE_INFINITY;
  }

  #onRequestVote(request: RequestVote): void {
    // Election restriction (§5.4.1): vote only for a candidate whose log is at least as up to date as ours, so that
    // whoever wins holds every committed entry.
    const ourLastTerm = this.#termAt(this.#log.length) ?? 0;
    const upToDate =
      request.lastLogTerm > ourLastTerm || (request.lastLogTerm === ourLastTerm && request.lastLogIndex >= this.#log.length);
    const granted =
      request.term === this.#currentTerm && (this.#votedFor === null || this.#votedFor === request.from) && upToDate;
    if (granted) {
      if (this.#votedFor !== request.from) {
        this.#votedFor = request.from;
        this.#hardStateChanged = true;
      }
      this.#resetElectionTimer();
    }
    this.#send({ type: 'RequestVoteResult', from: this.#id, to: request.from, term: this.#currentTerm, voteGranted: granted });
  }

  #onRequestVoteResult(result: RequestVoteResult): void {
    if (this.#role !== 'candidate' || result.term !== this.#currentTerm || !result.voteGranted) return;
    this.#votes.add(result.from);
    if (this.#votes.size >= this.#quorum) this.#becomeLeader();
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
    this.#resetElectionTimer();

    // The consistency check: our log must hold the leader's entry just before the new ones.
    if (request.prevLogIndex > this.#log.length || this.#termAt(request.prevLogIndex) !== request.prevLogTerm) {
      reply(false, Math.min(this.#log.length, request.prevLogIndex - 1));
      return;
    }
    for (const [offset, entry] of request.entries.entries()) {
      const index = request.prevLogIndex + 1 + offset;
      const existingTerm = this.#termAt(index);
      // An entry we already hold is left alone: a late or duplicated request must not cut off newer entries.
      if (existingTerm === entry.term) continue;
      if (existingTerm !== undefined) {
        // A correct leader never contradicts a committed entry; one that does is faulty, and its request is dropped
        // whole (nothing has changed yet: every earlier entry matched).
        if (index <= this.#commitIndex) return;
        // Otherwise that entry and all after it were never committed; the leader's version replaces them.
        this.#log.length = index - 1;
      }
      this.#log.push(entry);
      this.#logChangedFrom = Math.min(this.#logChangedFrom, index);
    }
    // Entries past the ones this request vouched for may be stale, so commit no further than the last of them.
    const lastNewIndex = request.prevLogIndex + request.entries.length;
    this.#commitIndex = Math.max(this.#commitIndex, Math.min(request.leaderCommit, lastNewIndex));
    reply(true, lastNewIndex);
  }

  #onAppendEntriesResult(result: AppendEntriesResult): void {
    if (this.#role !== 'leader' || result.term !== this.#currentTerm) return;
    const peer = result.from;
    // Any answer in our term, success or not, says the peer had not moved to a later term when it answered.
    if (result.round !== undefined && result.round > (this.#ackedRound.get(peer) ?? 0)) this.#ackedRound.set(peer, result.round);
    const matchIndex = this.#matchIndex.get(peer) ?? 0;
    const nextIndex = this.#nextIndex.get(peer) ?? this.#log.length + 1;
    if (result.success) {
      // Late and duplicated replies carry nothing new; a claim beyond our log can only come from a faulty peer.
      if (result.matchIndex <= matchIndex || result.matchIndex > this.#log.length) return;
      this.#matchIndex.set(peer, result.matchIndex);
      this.#nextIndex.set(peer, Math.max(nextIndex, result.matchIndex + 1));
      this.#advanceCommitIndex();
      if ((this.#nextIndex.get(peer) ?? 0) <= this.#log.length) this.#sendAppendEntries(peer);
    } else {
      // Step back, but never below what the peer already acknowledged (a late rejection may predate that).
      const retryFrom = Math.max(matchIndex + 1, Math.min(nextIndex - 1, result.matchIndex + 1));
      if (retryFrom < nextIndex) {
        this.#nextIndex.set(peer, retryFrom);
        this.#sendAppendEntries(peer);
      }
    }
  }

  #startElection(): void {
    // Past the last exact integer a term cannot be incremented, nor read back from disk: rather than persist a term
    // that the next start would refuse, this node stays a follower (peers refuse such terms long before, see maxTerm).
    if (this.#currentTerm >= Number.MAX_SAFE_INTEGER) {
      this.#resetElectionTimer();
      return;
    }
    this.#setTerm(this.#currentTerm + 1);
    this.#role = 'candidate';
    this.#votedFor = this.#id;
    this.#votes.clear();
    this.#votes.add(this.#id);
    this.#resetElectionTimer();
    if (this.#votes.size >= this.#quorum) {
      this.#becomeLeader();
      return;
    }
    const lastLogIndex = this.#log.length;
    const lastLogTerm = this.#termAt(lastLogIndex) ?? 0;
    for (const peer of this.#peers) {
      this.#send({ type: 'RequestVote', from: this.#id, to: peer, term: this.#currentTerm, lastLogIndex, lastLogTerm });
    }
  }

  #becomeLeader(): void {
    this.#role = 'leader';
    this.#leader = this.#id;
    this.#votes.clear();
    for (const peer of this.#peers) {
      this.#nextIndex.set(peer, this.#log.length + 1);
      this.#matchIndex.set(peer, 0);
    }
    // Entries of earlier terms commit only together with one of ours (the Figure 8 rule), so append one right away.
    this.#appendToOwnLog({ term: this.#currentTerm, kind: 'noop' });
    this.#termStartIndex = this.#log.length;
    this.#ackedRound.clear();
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
    if (wasLeader) this.#resetElectionTimer();
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
    for (let index = this.#log.length; index > this.#commitIndex && this.#termAt(index) === this.#currentTerm; index -= 1) {
      let replicas = 1;
      for (const peer of this.#peers) if ((this.#matchIndex.get(peer) ?? 0) >= index) replicas += 1;
      if (replicas >= this.#quorum) {
        this.#commitIndex = index;
        return;
      }
    }
  }

  #sendAppendEntries(peer: NodeId): void {
    const prevLogIndex = (this.#nextIndex.get(peer) ?? this.#log.length + 1) - 1;
    this.#send({
      type: 'AppendEntries',
      from: this.#id,
      to: peer,
      term: this.#currentTerm,
      prevLogIndex,
      prevLogTerm: this.#termAt(prevLogIndex) ?? 0,
      entries: this.#log.slice(prevLogIndex, prevLogIndex + this.#maxEntriesPerMessage),
      leaderCommit: this.#commitIndex,
      round: this.#round,
    });
  }

  #appendToOwnLog(entry: LogEntry<C>): void {
    this.#log.push(entry);
    this.#logChangedFrom = Math.min(this.#logChangedFrom, this.#log.length);
  }

  #send(message: RaftMessage<C>): void {
    this.#outbox.push(message);
  }

  /** The term of the entry at `index`; 0 for the empty prefix at index 0; `undefined` past the end of the log. */
  #termAt(index: number): number | undefined {
    return index === 0 ? 0 : this.#log[index - 1]?.term;
  }

  #resetElectionTimer(): void {
    this.#electionDeadline = this.#clock.now() + this.#randomElectionTimeout();
  }

  #randomElectionTimeout(): number {
    const { min, max } = this.#electionTimeout;
    return min + Math.floor(this.#random() * (max - min));
  }
}

function checkOptions(
  id: NodeId,
  peers: readonly NodeId[],
  electionTimeout: { readonly min: number; readonly max: number },
  heartbeatInterval: number,
  maxEntriesPerMessage: number,
): void {
  if (peers.includes(id) || new Set(peers).size !== peers.length) {
    throw new RangeError(`raft node '${id}': peers must be distinct and exclude the node itself, got [${peers.join(', ')}]`);
  }
  if (!(electionTimeout.min > 0 && electionTimeout.max > electionTimeout.min)) {
    throw new RangeError(`raft node '${id}': electionTimeout needs 0 < min < max, got ${JSON.stringify(electionTimeout)}`);
  }
  // A heartbeat slower than the shortest election timeout would let followers depose a healthy leader.
  if (!(heartbeatInterval > 0 && heartbeatInterval < electionTimeout.min)) {
    throw new RangeError(`raft node '${id}': heartbeatInterval must be in (0, electionTimeout.min), got ${heartbeatInterval}`);
  }
  if (!(Number.isInteger(maxEntriesPerMessage) && maxEntriesPerMessage >= 1)) {
    throw new RangeError(`raft node '${id}': maxEntriesPerMessage must be a positive integer, got ${maxEntriesPerMessage}`);
  }
}
