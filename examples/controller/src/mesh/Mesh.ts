import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'inversify';
import type { Logger as PinoLogger } from 'pino';
import { inLayer, supervise, type OnReady, type OnStop } from 'readygraph';
import { logEvent } from '../app/logEvent.js';
import { untilTrue } from '../app/untilTrue.js';
import { advertisedAddress } from '../config/advertisedAddress.js';
import { Config } from '../config/Config.js';
import { Consensus } from '../layers.js';
import { Logger } from '../tokens.js';
import { ApiAddresses } from '../web/ApiAddresses.js';
import type { Hello } from './helloSchema.js';
import { PeerDirectory } from './PeerDirectory.js';
import { PeerEndpoint } from './PeerEndpoint.js';
import { parseHello } from './parseHello.js';
import { PeerInputError } from './PeerInputError.js';
import { OutboundLink } from './OutboundLink.js';
import { sendToPeer } from './sendToPeer.js';

/**
 * The mesh: this controller's links to every configured peer. On start it dials each peer with a hello carrying
 * this controller's API addresses, retries (with backoff) the peers that are not up yet, and keeps each link alive
 * with a hello every `heartbeatMs`. Hellos from peers, dialled or answered, are recorded in the PeerDirectory.
 *
 * It is what must not start before the web layer: its hellos read the API addresses, and the provider caches the
 * first answer for good. Here that rule is the Consensus layer's dependency on the Web layer (and, implicitly, the
 * injection of ApiAddresses, which injects XWeb).
 *
 * Other consensus services (a Raft node) talk to peers through `send` and `PeerEndpoint.handle`.
 */
@injectable('Singleton')
@inLayer(Consensus)
// Restarted with the web layer (a reload onto a new address): its links are re-dialled with hellos of the new run.
@supervise({ restartWithDependencies: true })
export class Mesh implements OnReady, OnStop {
  private readonly connected = new Set<string>();
  private readonly watchers = new Set<() => void>();
  private stopping = new AbortController();
  private dialers: Array<Promise<void>> = [];
  private unregister: (() => void) | undefined;
  private readonly links = new Map<string, OutboundLink>();
  /** Peers whose last dial at their heard address failed: the next goes to their configured address. */
  private readonly tryConfigured = new Set<string>();

  public constructor(
    @inject(Config) private readonly config: Config,
    @inject(ApiAddresses) private readonly apiAddresses: ApiAddresses,
    @inject(PeerDirectory) private readonly directory: PeerDirectory,
    @inject(PeerEndpoint) private readonly endpoint: PeerEndpoint,
    @inject(Logger) private readonly logger: PinoLogger,
  ) {}

  /** Registers the hello handler and starts dialling; ready at once (links come up in the background). */
  public onReady(): void {
    this.stopping = new AbortController();
    this.connected.clear();
    this.unregister = this.endpoint.handle('hello', async (body, sender) => this.answerHello(body, sender));
    this.dialers = this.config.value.cluster.peers.map(async (peer) => this.dial(peer));
  }

  public async onStop(): Promise<void> {
    this.unregister?.();
    this.stopping.abort();
    await Promise.all(this.dialers);
  }

  /** Ids of the peers a hello has been exchanged with and whose link is up. */
  public connectedPeers(): string[] {
    return [...this.connected].sort();
  }

  /** Resolves once at least `count` peers are connected; rejects if `signal` aborts first. */
  public async whenConnected(count: number, signal: AbortSignal): Promise<void> {
    await untilTrue(() => this.connected.size >= count, this.watchers, signal);
  }

  /**
   * Sends a message of `type` to a configured peer's endpoint and returns its reply, on this controller's link to it
   * (OutboundLink: a session the peer issued, a counter, signatures both ways).
   */
  public async send(peerId: string, type: string, body: unknown, signal?: AbortSignal, timeoutMs?: number): Promise<unknown> {
    return this.linkTo(peerId).send(type, body, signal, timeoutMs);
  }

  private linkTo(peerId: string): OutboundLink {
    const existing = this.links.get(peerId);
    if (existing !== undefined) return existing;
    if (this.config.peer(peerId) === undefined) throw new Error(`"${peerId}" is not a configured peer`);
    const link = new OutboundLink({
      keys: this.config.peerKeys,
      peer: peerId,
      post: async ({ type, text, headers }, signal, timeoutMs) => {
        const { cluster, mesh } = this.config.value;
        const address = this.addressOf(peerId) ?? '';
        return sendToPeer({ address, type, text, headers, secret: cluster.secret, timeoutMs: timeoutMs ?? mesh.requestTimeoutMs, signal });
      },
    });
    this.links.set(peerId, link);
    return link;
  }

  /**
   * Where peer `peerId` is reached: the address of its last hello, heard in this run or in an earlier one (a peer that
   * moved, by a reload onto a new port, said so in a signed hello; its configured address is then stale and never
   * wins), else its configured address; undefined for a controller that is not a peer. While dials at the heard
   * address fail, they alternate with the configured one (a peer moved back while this controller was down): a
   * wrong address costs a failed dial, never a forged answer, since answers are signed.
   */
  public addressOf(peerId: string): string | undefined {
    const configured = this.config.peer(peerId)?.address;
    if (configured === undefined) return undefined;
    const heard = this.directory.heardAddress(peerId);
    return heard === undefined || this.tryConfigured.has(peerId) ? configured : heard;
  }

  private hello(): Hello {
    const { id, web } = this.config.value;
    return { id, address: advertisedAddress(web), apiAddresses: this.apiAddresses.get() };
  }

  /** Records a peer's hello (refused with 403 if it speaks for another controller than its signer) and answers with ours. */
  private async answerHello(body: unknown, sender: string): Promise<Hello> {
    const hello = parseHello(body, this.config.value.cluster.peers.map((peer) => peer.id));
    if (hello.id !== sender) throw new PeerInputError(403, `a hello for "${hello.id}" signed by "${sender}": a controller speaks only for itself`);
    await this.directory.record(hello);
    return this.hello();
  }

  private async dial(peer: { id: string; address: string }): Promise<void> {
    const { retryMs, maxRetryMs, heartbeatMs } = this.config.value.mesh;
    const signal = this.stopping.signal;
    let backoff = retryMs;
    let attempt = 0;
    while (!signal.aborted) {
      const up = this.connected.has(peer.id);
      const hello = this.hello();
      if (!up) logEvent(this.logger, { type: 'mesh:dial', peer: peer.id, attempt: ++attempt, apiAddresses: hello.apiAddresses });
      try {
        const reply = parseHello(await this.send(peer.id, 'hello', hello, signal), [peer.id]);
        await this.directory.record(reply);
        this.tryConfigured.delete(peer.id);
        if (!up) this.linkUp(peer.id);
        backoff = retryMs;
        attempt = 0;
        await sleep(heartbeatMs, undefined, { signal }).catch(() => undefined);
      } catch (error) {
        if (signal.aborted) break;
        if (up) this.linkDown(peer.id);
        if (this.tryConfigured.has(peer.id)) this.tryConfigured.delete(peer.id);
        else if (this.directory.heardAddress(peer.id) !== undefined) this.tryConfigured.add(peer.id);
        this.logger.debug({ peer: peer.id, err: error }, 'peer not reachable yet; retrying');
        await sleep(backoff, undefined, { signal }).catch(() => undefined);
        backoff = Math.min(backoff * 2, maxRetryMs);
      }
    }
  }

  private linkUp(peerId: string): void {
    this.connected.add(peerId);
    logEvent(this.logger, { type: 'mesh:connected', peer: peerId });
    for (const watcher of this.watchers) watcher(); // a watcher may delete itself: fine for a Set
  }

  private linkDown(peerId: string): void {
    this.connected.delete(peerId);
    logEvent(this.logger, { type: 'mesh:lost', peer: peerId });
  }
}
