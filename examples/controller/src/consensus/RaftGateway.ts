import { injectable } from 'inversify';
import type { RaftStatus } from '../raft/index.js';
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
