import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'inversify';
import type { Logger as PinoLogger } from 'pino';
import { dependsOn, inLayer, type OnReady, type OnStop, type ReadyContext } from 'readygraph';
import { z } from 'zod';
import { logEvent } from '../app/logEvent.js';
import { untilTrue } from '../app/untilTrue.js';
import { Config } from '../config/Config.js';
import { Consensus } from '../layers.js';
import { Mesh } from '../mesh/Mesh.js';
import { PeerEndpoint } from '../mesh/PeerEndpoint.js';
import { PeerRefusedError } from '../mesh/OutboundLink.js';
import { PeerInputError } from '../mesh/PeerInputError.js';
import {
  ProposalTracker,
  RaftCore,
  type LogEntry,
  type NodeId,
  type ParseRaftMessageResult,
  type RaftMessage,
  type RaftStatus,
} from '../machinery/raft/index.js';
import { Storage } from '../storage/Storage.js';
import { Logger } from '../tokens.js';
import { ClusterBootstrapper } from './ClusterBootstrapper.js';
import { DiskRaftStorage } from './DiskRaftStorage.js';
import { forwardWrite } from './forwardWrite.js';
import { parseRaftAnswer } from './parseRaftAnswer.js';
import { RaftGateway, type ReplicatedServices, type WriteAnswer } from './RaftGateway.js';
import { maxServiceValueDepth, maxTermLead, nestingExceeds, parseServiceRaftMessage, termRefusal } from './replicationLimits.js';
import { RepliesOnAnswer } from './RepliesOnAnswer.js';
import { maxCommandLength, maxEntriesPerMessage, serviceCommandSchema, type ServiceCommand, type ServiceValue } from './serviceCommandSchema.js';
import { ServiceRegistry } from './ServiceRegistry.js';

export const entrySchema: z.ZodType<LogEntry<ServiceCommand>> = z.discriminatedUnion('kind', [
  z.strictObject({ term: z.int().min(1), kind: z.literal('noop') }),
  z.strictObject({ term: z.int().min(1), kind: z.literal('command'), command: serviceCommandSchema }),
]);

/** Messages to one peer still in flight beyond which new ones are dropped (Raft resends; a dead peer costs nothing). */
const maxInFlightPerPeer = 32;

/** A leader's answer to a follower's `read-index` message: the index to apply before reading, or who to ask instead. */
const readIndexReplySchema = z.union([z.strictObject({ index: z.int().min(0) }), z.strictObject({ leader: z.string().nullable() })]);

/**
 * The controller's Raft node: the example's Raft core (`src/machinery/raft/`) driven by real timers, with its transport over
 * the mesh (`POST /mesh/v1/raft` on each peer's web server, with the cluster secret; what arrives is validated by the
 * core's message parser before the core sees it) and its persistent state on disk (`<dataDir>/raft/`, written and
 * fsync'd before the core sends anything). The replicated state is the set of services of the management API.
 *
 * A message's reply (a vote, an acknowledgement of entries) travels back on the answer to the POST that carried the
 * message (RepliesOnAnswer, parseRaftAnswer), rather than as a POST of its own: one request per round trip, not two.
 *
 * It is ready once the controller has joined the cluster (ClusterBootstrapper) and this node knows a leader: from
 * then on a write sent to it can be committed or forwarded.
 */
@injectable('Singleton')
@inLayer(Consensus)
@dependsOn(ClusterBootstrapper)
export class RaftNode implements OnReady, OnStop, ReplicatedServices {
  private readonly registry = new ServiceRegistry();
  private readonly tracker = new ProposalTracker();
  private readonly inFlight = new Map<NodeId, number>();
  private readonly stopping = new AbortController();
  private readonly parse: (input: unknown) => ParseRaftMessageResult<ServiceCommand> = parseServiceRaftMessage;
  private core: RaftCore<ServiceCommand> | undefined;
  private disk: DiskRaftStorage<ServiceCommand> | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private cleanups: Array<() => void> = [];
  private seen = { role: '', leader: null as string | null };
  private readonly leaderWatchers = new Set<(leader: NodeId | null) => void>();
  /** Conditions waited for (a leader known, a read's leadership round, an applied index), checked after every event of the core. */
  private readonly conditions = new Set<() => void>();
  private readonly answers = new RepliesOnAnswer<RaftMessage<ServiceCommand>>();

  public constructor(
    @inject(Config) private readonly config: Config,
    @inject(Storage) private readonly storage: Storage,
    @inject(Mesh) private readonly mesh: Mesh,
    @inject(PeerEndpoint) private readonly endpoint: PeerEndpoint,
    @inject(RaftGateway) private readonly gateway: RaftGateway,
    @inject(Logger) private readonly logger: PinoLogger,
  ) {}

  public async onReady(context: ReadyContext): Promise<void> {
    const { signal } = context;
    const { id, cluster, raft } = this.config.value;
    const disk = DiskRaftStorage.open(join(this.storage.dataDir, 'raft'), entrySchema);
    this.disk = disk;
    this.core = new RaftCore<ServiceCommand>({
      id,
      peers: cluster.peers.map((peer) => peer.id),
      storage: disk,
      transport: { send: (message) => this.send(message) },
      stateMachine: {
        apply: (entry) => {
          this.registry.apply(entry);
          this.tracker.applied(entry);
        },
      },
      clock: { now: () => performance.now() },
      electionTimeout: raft.electionTimeoutMs,
      heartbeatInterval: raft.heartbeatMs,
      maxEntriesPerMessage,
      maxTermLead,
    });
    const recovered = this.core.status();
    logEvent(this.logger, { type: 'raft:recovered', term: recovered.term, logLength: recovered.lastLogIndex });
    this.cleanups.push(this.endpoint.handle('raft', (body, sender) => this.receive(body, sender)));
    this.cleanups.push(this.endpoint.handle('read-index', async () => this.answerReadIndex()));
    this.cleanups.push(this.endpoint.handle('write', async (body) => this.answerForwardedWrite(body)));
    this.cleanups.push(this.gateway.attach(this));
    // A fixed short interval rather than one timer per deadline: the core's deadlines move with every message.
    this.ticker = setInterval(() => this.drive((core) => core.tick()), 10);
    try {
      await untilTrue(() => (this.core?.status().leader ?? null) !== null, this.conditions, signal);
    } catch (error) {
      this.shutDown();
      throw error;
    }
    this.followLeadership(context);
  }

  /**
   * Readiness follows leadership after start, as etcd's does: a node that knows no leader for longer than its
   * election timeout (`raft.electionTimeoutMs.max`) withdraws its readiness (`unready('no leader')`, `/readyz` 503),
   * and is ready again as soon as it knows one. A short election is not worth a flap of the probe; a lost quorum is.
   */
  private followLeadership(context: ReadyContext): void {
    const timeoutMs = this.config.value.raft.electionTimeoutMs.max;
    let timer: NodeJS.Timeout | undefined;
    const follow = (leader: NodeId | null): void => {
      clearTimeout(timer);
      timer = undefined;
      if (leader !== null) context.ready();
      else timer = setTimeout(() => context.unready('no leader'), timeoutMs);
    };
    const stopWatching = this.onLeaderChange(follow);
    if (this.core?.status().leader === null) follow(null);
    this.cleanups.push(() => {
      clearTimeout(timer);
      stopWatching();
    });
  }

  /**
   * Calls `listener` whenever the leader this node knows changes (`null`: none known, e.g. during an election);
   * returns the function that removes it. What readiness that follows leadership after start would watch.
   */
  public onLeaderChange(listener: (leader: NodeId | null) => void): () => void {
    this.leaderWatchers.add(listener);
    return () => this.leaderWatchers.delete(listener);
  }

  public onStop(): void {
    this.shutDown();
  }

  public status(): RaftStatus {
    return this.started().status();
  }

  public get(name: string): ServiceValue | undefined {
    return this.registry.get(name);
  }

  public list(): Array<{ name: string; value: ServiceValue }> {
    return this.registry.list();
  }

  /**
   * Makes the next read of this node's copy linearizable (the ReadIndex of the Raft paper, section 8): the leader
   * records its commit index and confirms with a heartbeat round that a majority still follows it; a follower asks
   * the leader for that index (a `read-index` peer message). Then this node waits until it has applied the index, so
   * that its copy holds every write acknowledged before the read began. Rejects, naming why, when there is no
   * leader, the leadership changed meanwhile, or `signal` (the read's deadline) aborts first.
   */
  public async linearize(signal: AbortSignal): Promise<void> {
    const index = await this.leaderReadIndex(signal);
    await untilTrue(() => (this.core?.status().lastApplied ?? -1) >= index, this.conditions, signal);
  }

  /** The read index, from this node if it leads, else from the leader it knows. */
  private async leaderReadIndex(signal: AbortSignal): Promise<number> {
    const own = await this.confirmedReadIndex(signal);
    if ('index' in own) return own.index;
    if (own.leader === null) throw new Error('no leader is known, so no read can be confirmed');
    const reply = readIndexReplySchema.safeParse(await this.mesh.send(own.leader, 'read-index', {}, signal));
    if (!reply.success) throw new Error(`the leader ${own.leader} sent no read index`);
    if ('index' in reply.data) return reply.data.index;
    throw new Error(`${own.leader} is no longer the leader (it knows ${reply.data.leader ?? 'none'}); retry`);
  }

  /** On the leader: a read index whose leadership round a majority confirmed. Elsewhere: the leader to ask. */
  private async confirmedReadIndex(signal: AbortSignal): Promise<{ index: number } | { leader: NodeId | null }> {
    const read = this.drive((core) => core.readIndex());
    if (read === undefined) throw new Error('the Raft node is not running');
    if (!read.accepted) return { leader: read.leader };
    await untilTrue(() => this.core?.readConfirmed(read) !== 'pending', this.conditions, signal);
    if (this.core?.readConfirmed(read) !== 'confirmed') throw new Error('the leadership changed during the read; retry');
    return { index: read.index };
  }

  /** The peer endpoint's handler of `read-index`: a follower asks the leader where a linearizable read stands. */
  private async answerReadIndex(): Promise<{ index: number } | { leader: NodeId | null }> {
    const signal = AbortSignal.any([AbortSignal.timeout(this.config.value.raft.readTimeoutMs), this.stopping.signal]);
    return this.confirmedReadIndex(signal);
  }

  public async write(command: ServiceCommand, forwarded: boolean): Promise<WriteAnswer> {
    const result = this.drive((core) => core.propose(command));
    if (result === undefined) return { status: 503, body: { error: 'the Raft node is not running' } };
    if (result.accepted) {
      const { proposalTimeoutMs } = this.config.value.raft;
      const outcome = await Promise.race([this.tracker.wait(result.index, result.term), sleep(proposalTimeoutMs, 'timeout' as const, { ref: false })]);
      const meta = { index: result.index, term: result.term };
      if (outcome === 'committed') {
        return { status: 200, body: command.op === 'put' ? { data: { name: command.name, value: command.value }, meta } : { data: { name: command.name }, meta } };
      }
      if (outcome === 'superseded') return { status: 503, body: { error: 'the write was lost to a leader change; retry it', meta } };
      return { status: 503, body: { error: `the write was not committed within ${proposalTimeoutMs} ms (no quorum?); it may still commit`, meta } };
    }
    if (result.leader === null) return { status: 503, body: { error: 'no leader is known yet; retry shortly' } };
    if (forwarded) return { status: 503, body: { error: `not the leader (the leader is ${result.leader}); a forwarded write is not forwarded again`, leader: result.leader } };
    return this.forward(result.leader, command);
  }

  /**
   * The peer endpoint's handler of `raft` messages: validated, addressed to this node, from the peer that signed it
   * (a forged `from` could depose a leader); then the core's. Its answer carries what the core said to that peer while
   * handling it: the reply is persisted-before-sent like any message, since the core persists before it sends.
   */
  private receive(body: unknown, sender: string): { ok: true; replies: Array<RaftMessage<ServiceCommand>> } {
    const parsed = this.parse(body);
    if (!parsed.ok) throw new PeerInputError(400, `malformed raft message: ${parsed.reason}`);
    const { id } = this.config.value;
    const message = parsed.message;
    if (message.to !== id) throw new PeerInputError(403, `raft message for "${message.to}" sent to "${id}"`);
    if (this.config.peer(message.from) === undefined) throw new PeerInputError(403, `"${message.from}" is not a peer of this controller`);
    if (message.from !== sender) throw new PeerInputError(403, `a raft message from "${message.from}" signed by "${sender}": a controller speaks only for itself`);
    const refusal = termRefusal(message);
    if (refusal !== undefined) throw new PeerInputError(400, `raft message refused: ${refusal}`);
    const ownTerm = this.started().status().term;
    const replies = this.answers.collect(message.from, () => this.drive((core) => core.receive(message)));
    if (message.term > ownTerm + maxTermLead) {
      throw new PeerInputError(400, `raft message refused: term ${message.term} is more than ${maxTermLead} ahead of this node's ${ownTerm}; this node moved to term ${ownTerm + maxTermLead}`);
    }
    return { ok: true, replies };
  }

  /**
   * Transport: a message to the peer being answered joins the answer; any other is one POST, fire and forget (Raft
   * tolerates loss), whose answer may carry the peer's replies.
   */
  private send(message: RaftMessage<ServiceCommand>): void {
    const peer = message.to;
    if (this.answers.take(message)) return;
    const count = this.inFlight.get(peer) ?? 0;
    if (count >= maxInFlightPerPeer || this.stopping.signal.aborted) return;
    this.inFlight.set(peer, count + 1);
    void this.mesh
      .send(peer, 'raft', message, this.stopping.signal)
      .then((answer) => this.receiveReplies(peer, answer))
      .catch((error: unknown) => {
        // A refusal by the peer (a limit, a term) says something is wrong on one side; a loss or a session renewal does not.
        if (error instanceof PeerRefusedError && [400, 403, 413].includes(error.status)) this.logger.warn({ type: 'raft:refused', peer, reason: error.message }, 'raft message refused by the peer');
        else this.logger.debug({ peer, err: error }, 'raft message not delivered');
      })
      .finally(() => this.inFlight.set(peer, (this.inFlight.get(peer) ?? 1) - 1));
  }

  /** The replies on `peer`'s answer to a raft message, for the core; what is refused is logged, naming the peer. */
  private receiveReplies(peer: NodeId, answer: unknown): void {
    const { messages, dropped } = parseRaftAnswer(answer, { peer, self: this.config.value.id, parse: this.parse });
    for (const why of dropped) this.logger.warn({ peer }, `dropped ${why}`);
    for (const message of messages) {
      const refusal = termRefusal(message);
      if (refusal === undefined) this.drive((core) => core.receive(message));
      else this.logger.warn({ peer }, `dropped a reply in the answer of ${peer}: ${refusal}`);
    }
  }

  /**
   * Sends a write to the leader as a signed `write` peer message (its answer signed by the leader for this message)
   * and relays the leader's answer; see forwardWrite for a lost answer.
   */
  private async forward(leader: NodeId, command: ServiceCommand): Promise<WriteAnswer> {
    const timeoutMs = this.config.value.raft.proposalTimeoutMs + 1_000;
    return forwardWrite({ leader, command, send: async (write) => this.mesh.send(leader, 'write', write, this.stopping.signal, timeoutMs) });
  }

  /**
   * The peer endpoint's handler of `write`: a write a follower forwarded, checked like a write of the management API
   * (the command schema, its size and depth), then proposed here and never forwarded again.
   */
  private async answerForwardedWrite(body: unknown): Promise<WriteAnswer> {
    const parsed = serviceCommandSchema.safeParse(body);
    if (!parsed.success) throw new PeerInputError(400, `malformed forwarded write: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const command = parsed.data;
    if (JSON.stringify(command).length > maxCommandLength || (command.op === 'put' && nestingExceeds(JSON.stringify(command.value), maxServiceValueDepth))) {
      throw new PeerInputError(400, `a forwarded write beyond the limits of a replicated value (${maxCommandLength} characters, ${maxServiceValueDepth} levels)`);
    }
    return this.write(command, true);
  }

  /** Runs one event on the core, then reports a change of role or leader. Undefined if the node is not running. */
  private drive<T>(event: (core: RaftCore<ServiceCommand>) => T): T | undefined {
    const core = this.core;
    if (core === undefined) return undefined;
    const result = event(core);
    const { role, leader, term } = core.status();
    if (role !== this.seen.role || leader !== this.seen.leader) {
      const leaderChanged = leader !== this.seen.leader;
      this.seen = { role, leader };
      if (leaderChanged) for (const watcher of this.leaderWatchers) watcher(leader);
      logEvent(this.logger, { type: 'raft:state', role, term, leader });
    }
    for (const check of this.conditions) check(); // a check may delete itself: fine for a Set
    return result;
  }

  private started(): RaftCore<ServiceCommand> {
    if (this.core === undefined) throw new Error('the Raft node is not running');
    return this.core;
  }

  private shutDown(): void {
    clearInterval(this.ticker);
    this.stopping.abort();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.tracker.cancelAll(new Error('the Raft node stopped'));
    this.core = undefined;
    this.disk?.close();
    this.disk = undefined;
  }
}
