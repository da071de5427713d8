import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import type { Logger as PinoLogger } from 'pino';
import { inLayer, supervise, type OnReady, type OnStop, type ReadyContext } from 'readygraph';
import { logEvent } from '../app/logEvent.js';
import type { HealthSource as Health } from '../app/RuntimeStatus.js';
import { Config } from '../config/Config.js';
import { RaftGateway } from '../consensus/RaftGateway.js';
import { Web } from '../layers.js';
import { PeerDirectory } from '../mesh/PeerDirectory.js';
import { PeerEndpoint } from '../mesh/PeerEndpoint.js';
import { HealthSource, Logger, WebConfigLoader } from '../tokens.js';
import { buildWebServer } from './buildWebServer.js';
import { computeApiAddresses, type LoadedWebConfig } from './computeApiAddresses.js';
import type { WebConfigLoader as Loader } from './loadWebConfig.js';

/**
 * The web layer ("xweb"): loads its configuration, then serves the management API, the health checks and the peer
 * endpoint. It is ready once its configuration is loaded and the server listens, and not a moment before: that is
 * the fact the consensus layer waits for.
 *
 * A listener that closes or fails on its own after start is this run's failure (`fail()`): supervision restarts the
 * web layer with backoff (and the mesh with it), and gives up, stopping the controller, after 5 failures in a minute.
 */
@injectable('Singleton')
@inLayer(Web)
@supervise({ restart: 'on-failure', backoff: { initialMs: 200, maxMs: 5_000 }, maxRestarts: 5, withinMs: 60_000 })
export class XWeb implements OnReady, OnStop {
  private loaded: LoadedWebConfig | undefined;
  private server: FastifyInstance | undefined;
  private runs = 0;

  public constructor(
    @inject(Config) private readonly config: Config,
    @inject(PeerDirectory) private readonly peers: PeerDirectory,
    @inject(PeerEndpoint) private readonly peerEndpoint: PeerEndpoint,
    @inject(HealthSource) private readonly health: Health,
    @inject(RaftGateway) private readonly raft: RaftGateway,
    @inject(Logger) private readonly logger: PinoLogger,
    @inject(WebConfigLoader) private readonly loadWebConfig: Loader,
  ) {}

  /** The loaded web configuration; `undefined` until this run has loaded it (what the API-address provider reads). */
  public get webConfig(): LoadedWebConfig | undefined {
    return this.loaded;
  }

  /**
   * The number of this service's current run (1 from its first `onReady`, one more per restart, e.g. a reload that
   * changed the web section): what a cache of the web layer's facts is tied to.
   */
  public get run(): number {
    return this.runs;
  }

  public async onReady(context: ReadyContext): Promise<void> {
    const { signal } = context;
    this.runs += 1;
    this.loaded = undefined;
    const { web, cluster } = this.config.value;
    this.loaded = await this.loadWebConfig(web, signal);

    const server = await buildWebServer({
      secret: cluster.secret,
      health: this.health,
      drainDelayMs: web.drainDelayMs,
      raft: this.raft,
      readTimeoutMs: this.config.value.raft.readTimeoutMs,
      controllers: () => this.controllers(),
      peerEndpoint: this.peerEndpoint,
      peerGate: this.config.peerGate,
      requestTimeoutMs: web.requestTimeoutMs,
      idleTimeoutMs: web.idleTimeoutMs,
      logger: this.logger.child({ layer: 'web' }),
    });
    let url: string;
    try {
      url = await server.listen({ host: web.bind.host, port: web.bind.port });
      signal.throwIfAborted(); // stopped or timed out while binding: do not leave a server behind
    } catch (error) {
      await server.close();
      throw error;
    }
    this.server = server;
    // Ours to close only in onStop, which forgets the server first: any other end of the listener is a failure.
    server.server.once('close', () => {
      if (this.server === server) context.fail(new Error(`the listener on ${url} closed on its own`));
    });
    server.server.on('error', (error) => {
      if (this.server === server) context.fail(error);
    });
    logEvent(this.logger, { type: 'web:listening', url });
  }

  public async onStop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
    logEvent(this.logger, { type: 'web:closed' });
  }

  private controllers(): unknown[] {
    const { id } = this.config.value;
    const self = { id, address: this.loaded?.advertise, isSelf: true, isOnline: true, apiAddresses: computeApiAddresses(this.loaded) };
    const peers = this.peers.list().map((peer) => ({
      id: peer.id,
      address: peer.address,
      isSelf: false,
      isOnline: peer.lastHelloAt !== undefined && Date.now() - peer.lastHelloAt < 3 * this.config.value.mesh.heartbeatMs,
      apiAddresses: peer.apiAddresses,
      firstHelloAt: peer.firstHelloAt,
      updatedAt: peer.updatedAt,
      ...(peer.lastHelloAt === undefined ? {} : { lastHelloAt: new Date(peer.lastHelloAt).toISOString() }),
    }));
    return [self, ...peers];
  }
}
