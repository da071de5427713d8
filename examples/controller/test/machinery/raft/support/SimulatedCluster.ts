import { z } from 'zod';
import { createRaftMessageParser, MemoryRaftStorage, RaftCore, seededRandom } from '../../../../src/machinery/raft/index.js';
import type { AppliedEntry, LogEntry, NodeId, ProposeResult, RaftMessage, Random } from '../../../../src/machinery/raft/index.js';

/** How the simulated network treats each message. Delays are drawn per message, which is what reorders them. */
export interface NetworkConditions {
  readonly dropRate: number;
  readonly duplicateRate: number;
  readonly minDelay: number;
  readonly maxDelay: number;
}

/** A broken Raft guarantee, with enough context to read the failing schedule. */
export class SafetyViolation extends Error {
  override readonly name = 'SafetyViolation';
}

interface SimulatedNode {
  readonly id: NodeId;
  readonly index: number;
  /** Survives crashes, like a disk. */
  readonly storage: MemoryRaftStorage<string>;
  /** `undefined` while crashed. */
  core: RaftCore<string> | undefined;
  incarnation: number;
  /** What this incarnation's state machine applied, in order. */
  applied: AppliedEntry<string>[];
  /** The commit index the checker has already examined for this incarnation. */
  checkedCommitIndex: number;
}

interface InFlight {
  readonly deliverAt: number;
  readonly seq: number;
  readonly message: RaftMessage<string>;
}

// Messages cross the simulated wire as JSON and through the same validator the HTTP transport will use, so every
// message a core can produce is also checked to be one its peers accept.
const parseWireMessage = createRaftMessageParser(z.string());

/** Stops a schedule that never settles (a livelock in the core would otherwise hang the test run). */
const maxEventsPerRun = 200_000;

/**
 * A deterministic discrete-event simulation of a Raft cluster: simulated time, a network that delays, drops,
 * duplicates and reorders, partitions, crashes and restarts from persisted state. The same seed and the same calls
 * replay the same run. After every event it checks Raft's safety properties and throws a {@link SafetyViolation}
 * the moment one breaks:
 *
 * - election safety: at most one leader per term;
 * - log matching: an (index, term) pair names one entry with one predecessor, in every log, at all times;
 * - leader completeness: a leader holds every entry committed in an earlier term;
 * - state machine safety: no two nodes apply different entries at one index, and no node applies past a commit;
 * - persisted before sent: each message's promises (term, vote, log) are in the sender's storage when it leaves.
 */
export class SimulatedCluster {
  now = 0;
  readonly ids: readonly NodeId[];
  network: NetworkConditions;
  /** Events processed so far: message deliveries, timer expiries and proposals. */
  events = 0;

  readonly #seed: number;
  readonly #random: Random;
  readonly #nodes: SimulatedNode[];
  #inFlight: InFlight[] = [];
  #seq = 0;
  /** Partition group per node; messages cross only within a group. `undefined` when the network is whole. */
  #groups: readonly number[] | undefined;

  // What the checker has observed over the whole run.
  readonly #leaderOfTerm = new Map<number, NodeId>();
  /** `index@term` → the entry and its predecessor's term, as first seen in any log. */
  readonly #entryAt = new Map<string, string>();
  /** Entry `i` committed by some leader: its identity and the lowest term in which a leader counted it committed. */
  readonly #committed: { readonly key: string; term: number }[] = [];
  /** Entry `i` as first applied by any node. */
  readonly #appliedAt: string[] = [];

  /** Passed to every core; small batches make a lagging follower catch up over many round trips. */
  readonly #maxEntriesPerMessage: number;

  constructor(nodeCount: number, seed: number, network: NetworkConditions, maxEntriesPerMessage = 64) {
    this.#seed = seed;
    this.#maxEntriesPerMessage = maxEntriesPerMessage;
    this.#random = seededRandom(seed);
    this.network = network;
    this.ids = Array.from({ length: nodeCount }, (_, i) => `n${i + 1}`);
    this.#nodes = this.ids.map((id, index) => ({
      id,
      index,
      storage: new MemoryRaftStorage<string>(),
      core: undefined,
      incarnation: 0,
      applied: [],
      checkedCommitIndex: 0,
    }));
    for (const node of this.#nodes) this.#start(node);
  }

  /** Runs every event due up to `time`, then sets the clock to `time`. */
  runUntil(time: number): void {
    for (;;) {
      const next = this.#nextEvent();
      if (next === undefined || next.at > time) break;
      this.now = Math.max(this.now, next.at);
      this.events += 1;
      if (this.events > maxEventsPerRun) throw new Error(`simulation: more than ${maxEventsPerRun} events by t=${this.now}; livelock?`);
      next.run();
    }
    this.now = Math.max(this.now, time);
  }

  /** The process stops; its storage stays. Messages to it are lost until it restarts. */
  crash(id: NodeId): void {
    this.#node(id).core = undefined;
  }

  /** Starts a crashed node again from what its storage holds (a no-op when it is running). */
  restart(id: NodeId): void {
    const node = this.#node(id);
    if (node.core === undefined) this.#start(node);
  }

  /** Splits the network: `groups[i]` is node `i`'s side. Messages already in flight across the cut are lost too. */
  partition(groups: readonly number[]): void {
    this.#groups = [...groups];
  }

  /** Ends any partition. */
  reconnect(): void {
    this.#groups = undefined;
  }

  /** Ends any partition, restarts crashed nodes and makes the network reliable (still delayed and duplicating). */
  heal(conditions: NetworkConditions): void {
    this.#groups = undefined;
    this.network = conditions;
    for (const node of this.#nodes) this.restart(node.id);
  }

  /** A client sends `command` to node `via`; a follower that knows the leader forwards it there, as the HTTP API will. */
  submit(command: string, via: NodeId): ProposeResult | undefined {
    const node = this.#node(via);
    if (node.core === undefined) return undefined;
    const result = this.#act(node, (core) => core.propose(command));
    if (result.accepted || result.leader === null) return result;
    const leader = this.#node(result.leader);
    return leader.core === undefined ? result : this.#act(leader, (core) => core.propose(command));
  }

  /** The running leader with the highest term, if any. */
  leader(): NodeId | undefined {
    let best: { id: NodeId; term: number } | undefined;
    for (const node of this.#nodes) {
      const status = node.core?.status();
      if (status?.role === 'leader' && (best === undefined || status.term > best.term)) best = { id: node.id, term: status.term };
    }
    return best?.id;
  }

  core(id: NodeId): RaftCore<string> | undefined {
    return this.#node(id).core;
  }

  /** Commands applied by the current incarnation of `id`, in order. */
  appliedCommands(id: NodeId): string[] {
    return this.#node(id).applied.flatMap((entry) => (entry.kind === 'command' ? [entry.command] : []));
  }

  /** How many terms had a leader and how many log indexes were committed, to show a run exercised something. */
  summary(): { readonly leaderTerms: number; readonly committed: number } {
    return { leaderTerms: this.#leaderOfTerm.size, committed: this.#committed.length };
  }

  /**
   * Checks log matching pairwise over the running nodes' current logs: where two logs hold an entry with the same
   * index and term, they agree on every entry up to it. (The per-event check is stronger; this states the paper's
   * property directly, for the end of a run.)
   */
  checkLogsMatchPairwise(): void {
    const logs = this.#nodes.flatMap((node) => (node.core === undefined ? [] : [{ id: node.id, log: node.core.log }]));
    for (const [i, a] of logs.entries()) {
      for (const b of logs.slice(i + 1)) {
        const shared = Math.min(a.log.length, b.log.length);
        let last = 0;
        for (let index = 1; index <= shared; index += 1) if (a.log[index - 1]?.term === b.log[index - 1]?.term) last = index;
        for (let index = 1; index <= last; index += 1) {
          if (entryKey(a.log[index - 1]) !== entryKey(b.log[index - 1])) {
            this.#violation(`log matching: ${a.id} and ${b.id} share entry ${last} (term ${a.log[last - 1]?.term}) but differ at ${index}`);
          }
        }
      }
    }
  }

  #start(node: SimulatedNode): void {
    node.incarnation += 1;
    node.applied = [];
    node.checkedCommitIndex = 0;
    const id = node.id;
    node.core = new RaftCore<string>({
      id,
      peers: this.ids.filter((peer) => peer !== id),
      storage: node.storage,
      transport: { send: (message) => this.#send(node, message) },
      stateMachine: { apply: (entry) => this.#apply(node, entry) },
      clock: { now: () => this.now },
      // Each incarnation draws its own timeouts, still fixed by the run's seed.
      random: seededRandom(this.#seed + 7919 * (node.index + 1) + 104_729 * node.incarnation),
      maxEntriesPerMessage: this.#maxEntriesPerMessage,
    });
    this.#afterEvent(node);
  }

  #nextEvent(): { at: number; run: () => void } | undefined {
    let message: InFlight | undefined;
    for (const candidate of this.#inFlight) {
      if (message === undefined || candidate.deliverAt < message.deliverAt || (candidate.deliverAt === message.deliverAt && candidate.seq < message.seq)) {
        message = candidate;
      }
    }
    let timer: { node: SimulatedNode; core: RaftCore<string>; at: number } | undefined;
    for (const node of this.#nodes) {
      const at = node.core?.nextDeadline();
      if (node.core !== undefined && at !== undefined && (timer === undefined || at < timer.at)) timer = { node, core: node.core, at };
    }
    // At equal times messages go first, so a heartbeat that arrives exactly at the deadline still counts.
    if (message !== undefined && (timer === undefined || message.deliverAt <= timer.at)) {
      const chosen = message;
      return { at: chosen.deliverAt, run: () => this.#deliver(chosen) };
    }
    if (timer === undefined) return undefined;
    const { node, core } = timer;
    return { at: timer.at, run: () => this.#act(node, () => core.tick()) };
  }

  #send(sender: SimulatedNode, message: RaftMessage<string>): void {
    this.#checkPersistedBeforeSend(sender, message);
    const receiver = this.#node(message.to);
    if (!this.#connected(sender, receiver) || this.#random() < this.network.dropRate) return;
    const copies = this.#random() < this.network.duplicateRate ? 2 : 1;
    for (let copy = 0; copy < copies; copy += 1) {
      const { minDelay, maxDelay } = this.network;
      const deliverAt = this.now + minDelay + Math.floor(this.#random() * (maxDelay - minDelay + 1));
      this.#inFlight.push({ deliverAt, seq: this.#seq++, message });
    }
  }

  #deliver(flight: InFlight): void {
    this.#inFlight = this.#inFlight.filter((candidate) => candidate !== flight);
    const sender = this.#node(flight.message.from);
    const receiver = this.#node(flight.message.to);
    if (receiver.core === undefined || !this.#connected(sender, receiver)) return;
    const parsed = parseWireMessage(JSON.parse(JSON.stringify(flight.message)));
    if (!parsed.ok) this.#violation(`validator rejected a message a core sent: ${parsed.reason} in ${JSON.stringify(flight.message)}`);
    this.#act(receiver, (core) => core.receive(parsed.message));
  }

  #connected(a: SimulatedNode, b: SimulatedNode): boolean {
    return this.#groups === undefined || this.#groups[a.index] === this.#groups[b.index];
  }

  #act<T>(node: SimulatedNode, event: (core: RaftCore<string>) => T): T {
    const core = node.core;
    if (core === undefined) throw new Error(`simulation: ${node.id} is down`);
    const result = event(core);
    this.#afterEvent(node);
    return result;
  }

  #apply(node: SimulatedNode, entry: AppliedEntry<string>): void {
    if (entry.index !== node.applied.length + 1) {
      this.#violation(`${node.id} applied index ${entry.index} after ${node.applied.length}: applies must be in order`);
    }
    node.applied.push(entry);
    const key = entryKey(entry);
    const first = this.#appliedAt[entry.index - 1];
    if (first === undefined) this.#appliedAt[entry.index - 1] = key;
    else if (first !== key) this.#violation(`state machine safety: ${node.id} applied ${key} at ${entry.index}, another node applied ${first}`);
  }

  /** Only the node that handled an event changes, so checking it alone after each event covers every state. */
  #afterEvent(node: SimulatedNode): void {
    const core = node.core;
    if (core === undefined) return;
    const status = core.status();
    const log = core.log;

    if (status.role === 'leader') {
      const other = this.#leaderOfTerm.get(status.term);
      if (other !== undefined && other !== node.id) this.#violation(`election safety: ${other} and ${node.id} both led term ${status.term}`);
      this.#leaderOfTerm.set(status.term, node.id);
    }

    for (const [offset, entry] of log.entries()) {
      const index = offset + 1;
      const identity = `${entryKey(entry)} after term ${index === 1 ? 0 : log[offset - 1]?.term}`;
      const first = this.#entryAt.get(`${index}@${entry.term}`);
      if (first === undefined) this.#entryAt.set(`${index}@${entry.term}`, identity);
      else if (first !== identity) this.#violation(`log matching: ${node.id} holds ${identity} at ${index}, elsewhere it was ${first}`);
    }

    const newlyCommitted: number[] = [];
    for (let index = node.checkedCommitIndex + 1; index <= status.commitIndex; index += 1) {
      const key = entryKey(log[index - 1]);
      const known = this.#committed[index - 1];
      if (known === undefined) {
        // Followers learn commits from a leader, which counted them first; a follower ahead of every leader is wrong.
        if (status.role !== 'leader') this.#violation(`${node.id} (${status.role}) committed index ${index} before any leader did`);
        this.#committed[index - 1] = { key, term: status.term };
        newlyCommitted.push(index);
      } else if (known.key !== key) {
        this.#violation(`state machine safety: ${node.id} committed ${key} at ${index}, the cluster committed ${known.key}`);
      } else if (status.role === 'leader' && status.term < known.term) {
        known.term = status.term;
      }
    }
    node.checkedCommitIndex = Math.max(node.checkedCommitIndex, status.commitIndex);

    if (status.role === 'leader') this.#checkLeaderCompleteness(node.id, status.term, log, 1);
    if (newlyCommitted.length > 0) {
      for (const other of this.#nodes) {
        const otherStatus = other.core?.status();
        if (other.core !== undefined && otherStatus?.role === 'leader') {
          this.#checkLeaderCompleteness(other.id, otherStatus.term, other.core.log, newlyCommitted[0] ?? 1);
        }
      }
    }
  }

  #checkLeaderCompleteness(id: NodeId, term: number, log: readonly LogEntry<string>[], fromIndex: number): void {
    for (let index = fromIndex; index <= this.#committed.length; index += 1) {
      const committed = this.#committed[index - 1];
      if (committed !== undefined && committed.term < term && entryKey(log[index - 1]) !== committed.key) {
        this.#violation(`leader completeness: ${id} leads term ${term} without ${committed.key} at ${index}, committed in term ${committed.term}`);
      }
    }
  }

  #checkPersistedBeforeSend(sender: SimulatedNode, message: RaftMessage<string>): void {
    const disk = sender.storage.state;
    const fail = (what: string): never => this.#violation(`persisted before send: ${sender.id} sent ${message.type} to ${message.to} ${what}`);
    if (disk.currentTerm !== message.term) fail(`in term ${message.term} with term ${disk.currentTerm} on disk`);
    switch (message.type) {
      case 'RequestVote':
        if (disk.votedFor !== sender.id) fail('without its vote for itself on disk');
        if (disk.log.length !== message.lastLogIndex) fail(`claiming lastLogIndex ${message.lastLogIndex} with ${disk.log.length} entries on disk`);
        break;
      case 'RequestVoteResult':
        if (message.voteGranted && disk.votedFor !== message.to) fail(`granting a vote while disk says votedFor=${disk.votedFor}`);
        break;
      case 'AppendEntries':
        for (const [offset, entry] of message.entries.entries()) {
          if (entryKey(disk.log[message.prevLogIndex + offset]) !== entryKey(entry)) fail(`with entry ${message.prevLogIndex + offset + 1} not on disk`);
        }
        break;
      case 'AppendEntriesResult':
        if (message.success && disk.log.length < message.matchIndex) fail(`acknowledging ${message.matchIndex} with ${disk.log.length} entries on disk`);
        break;
    }
  }

  #node(id: NodeId): SimulatedNode {
    const node = this.#nodes.find((candidate) => candidate.id === id);
    if (node === undefined) throw new Error(`simulation: no node ${id}`);
    return node;
  }

  #violation(what: string): never {
    throw new SafetyViolation(`t=${this.now}: ${what}`);
  }
}

/** Identity of a log entry for comparisons: its term and content. */
export function entryKey(entry: LogEntry<string> | undefined): string {
  if (entry === undefined) return 'nothing';
  return entry.kind === 'noop' ? `${entry.term}:noop` : `${entry.term}:${entry.command}`;
}
