import { inject, injectable } from 'inversify';
import type { Logger as PinoLogger } from 'pino';
import { logEvent } from '../app/logEvent.js';
import type { PeerRecord } from '../storage/controllerStateSchema.js';
import { Storage } from '../storage/Storage.js';
import type { Hello } from './helloSchema.js';
import { Logger } from '../tokens.js';

/** A peer as this controller knows it: what its hellos said, and when it was last heard from. */
export interface KnownPeer extends PeerRecord {
  readonly id: string;
  /** Epoch milliseconds of the last hello from this peer since this process started; absent if none yet. */
  readonly lastHelloAt?: number;
}

/**
 * What this controller has been told by its peers. A hello is stored as received (like the real controller, which
 * keeps what peers advertise and lists it in the management API): if a peer advertises an empty address map, that
 * is what is stored and shown. Only changes are written to disk; the time of the last hello is kept in memory. The
 * address a peer last gave is where the mesh reaches it, before and after a restart (see heardAddress).
 */
@injectable('Singleton')
export class PeerDirectory {
  private readonly lastHelloAt = new Map<string, number>();
  private readonly heard = new Map<string, string>();

  public constructor(
    @inject(Storage) private readonly storage: Storage,
    @inject(Logger) private readonly logger: PinoLogger,
  ) {}

  /** Records a hello from a peer; resolves once a change is on disk. */
  public async record(hello: Hello): Promise<void> {
    const now = Date.now();
    this.lastHelloAt.set(hello.id, now);
    this.heard.set(hello.id, hello.address);
    const previous = this.storage.state.peers[hello.id];
    if (previous !== undefined && previous.address === hello.address && sameJson(previous.apiAddresses, hello.apiAddresses)) return;
    const at = new Date(now).toISOString();
    logEvent(this.logger, { type: 'mesh:hello', peer: hello.id, apiAddresses: hello.apiAddresses });
    await this.storage.update((state) => ({
      ...state,
      peers: {
        ...state.peers,
        [hello.id]: { address: hello.address, apiAddresses: hello.apiAddresses, firstHelloAt: previous?.firstHelloAt ?? at, updatedAt: at },
      },
    }));
  }

  /**
   * The address peer `id` gave in its last hello (its signature vouches for it), kept with the rest of this
   * controller's state (`controller-state.json`, replaced atomically), so that it is still known after a restart; or
   * undefined if it never sent one: then its configured address is the one to dial.
   */
  public heardAddress(id: string): string | undefined {
    return this.heard.get(id) ?? this.storage.state.peers[id]?.address;
  }

  /** Every peer that has ever sent a hello, by id. */
  public list(): KnownPeer[] {
    return Object.entries(this.storage.state.peers)
      .map(([id, record]) => {
        const lastHelloAt = this.lastHelloAt.get(id);
        return lastHelloAt === undefined ? { id, ...record } : { id, ...record, lastHelloAt };
      })
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
