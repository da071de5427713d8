import { injectable } from 'inversify';
import type { RaftStatus } from '../machinery/raft/index.js';
import type { ServiceCommand, ServiceValue } from './serviceCommandSchema.js';

/** How the management API answers a write: the HTTP status and JSON body to send. */
export interface WriteAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** What the management API needs of the Raft node. */
export interface ReplicatedServices {
  status(): RaftStatus;
  get(name: string): ServiceValue | undefined;
  list(): Array<{ name: string; value: ServiceValue }>;
  /**
   * Resolves once a read of this node's copy is linearizable: it holds every write acknowledged before the call.
   * Rejects, naming why, when that cannot be established before `signal` aborts.
   */
  linearize(signal: AbortSignal): Promise<void>;
  /**
   * Commits `command` through Raft and answers once it is committed (200) or cannot be (503). A follower forwards
   * the write to the leader, unless `forwarded` says it came from another controller already (no second hop).
   */
  write(command: ServiceCommand, forwarded: boolean): Promise<WriteAnswer>;
}

/**
 * The switchboard between the web layer, which serves the management API, and the Raft node in the consensus layer,
 * which attaches itself when it starts. A plain service on purpose, like PeerEndpoint: the web layer must not inject
 * the consensus layer (that would make it wait for consensus, which waits for the web layer: a cycle). Until the
 * Raft node is attached, the replicated API answers 503.
 */
@injectable('Singleton')
export class RaftGateway {
  #current: ReplicatedServices | undefined;
  #availability: ((signal: AbortSignal) => Promise<void>) | undefined;

  /**
   * Tells the gateway how to wait until the Raft node is available: with readygraph, `lifecycle.whenReady(RaftNode,
   * { signal })` (see node.ts). Without it, the node is available as soon as it is attached.
   */
  public useAvailability(wait: (signal: AbortSignal) => Promise<void>): void {
    this.#availability = wait;
  }

  /**
   * The Raft node, once it is available (ready: it has joined the cluster and knows a leader); rejects when `signal`
   * aborts first, or when it is not running.
   */
  public async whenAvailable(signal: AbortSignal): Promise<ReplicatedServices> {
    await this.#availability?.(signal);
    const current = this.#current;
    if (current === undefined) throw new Error('the consensus layer is not running');
    return current;
  }

  /** Attaches the Raft node; returns the function that detaches it. */
  public attach(services: ReplicatedServices): () => void {
    this.#current = services;
    return () => {
      if (this.#current === services) this.#current = undefined;
    };
  }

  public get current(): ReplicatedServices | undefined {
    return this.#current;
  }
}
