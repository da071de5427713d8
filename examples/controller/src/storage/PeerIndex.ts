import { inject, injectable } from 'inversify';
import { deferred, type OnReady } from 'readygraph';
import { Storage } from './Storage.js';

/**
 * An index of the peers this controller has heard from, by the URL of each API they advertise (which peer serves
 * `http://…/edge/management/v1`?), warmed from the durable state at start. It is `@deferred()`: nothing waits for it,
 * so it does not hold the controller's `/readyz` back; it starts right after `start()` resolved, once the storage
 * is ready, supervised like any other service (`lifecycle.whenReady(PeerIndex)` waits for it).
 */
@injectable('Singleton')
@deferred()
export class PeerIndex implements OnReady {
  #byUrl = new Map<string, string>();

  public constructor(@inject(Storage) private readonly storage: Storage) {}

  public onReady(): void {
    const index = new Map<string, string>();
    for (const [peer, record] of Object.entries(this.storage.state.peers)) {
      for (const addresses of Object.values(record.apiAddresses)) for (const { url } of addresses) index.set(url, peer);
    }
    this.#byUrl = index;
  }

  /** The peer that advertised the API at `url`, as of the start. */
  public peerServing(url: string): string | undefined {
    return this.#byUrl.get(url);
  }

  /** How many API URLs the index holds. */
  public get size(): number {
    return this.#byUrl.size;
  }
}
