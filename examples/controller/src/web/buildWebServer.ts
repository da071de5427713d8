import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { HealthSource } from '../app/RuntimeStatus.js';
import type { PeerEndpoint } from '../mesh/PeerEndpoint.js';
import { PeerInputError } from '../mesh/PeerInputError.js';
import type { RaftGateway } from '../consensus/RaftGateway.js';
import { replicatedServicesRoutes } from './replicatedServicesRoutes.js';
import { secretMatches } from './secretMatches.js';

/** What the web server serves, handed in so that it can be built and tested without the rest of the controller. */
export interface WebServerOptions {
  /** The cluster secret that peer requests must carry as `Authorization: Bearer <secret>`. */
  readonly secret: string;
  /** The runtime's health: its probes (`/livez`, `/readyz`, `/startupz`) and the status `/health-checks` shows. */
  readonly health: HealthSource;
  /** How long `/readyz` answers 503 on a stop before the first service stops. Default 0. */
  readonly drainDelayMs?: number;
  /** The body of `GET /edge/management/v1/controllers`' `data`. */
  readonly controllers: () => unknown[];
  readonly peerEndpoint: PeerEndpoint;
  readonly logger: FastifyBaseLogger;
  /** The Raft node's switchboard, for the replicated services and `/raft`; without it those routes are absent. */
  readonly raft?: RaftGateway;
  /** Largest request body accepted, in bytes; larger is 413. Default 64 KiB. */
  readonly bodyLimit?: number;
}

/**
 * The controller's HTTP server:
 * - `GET /livez`, `/readyz`, `/startupz`: the runtime's probes (readygraph's `readygraphProbes` plugin: plain text,
 *   `?verbose` for one line per service; `/readyz` is 503 until the runtime is ready and again from the moment a stop
 *   begins); `GET /health-checks`: the same readiness as JSON, with the runtime's status (the advertised health API);
 * - `GET /edge/management/v1/controllers`: the controllers this one knows, with the API addresses they advertised;
 * - `/edge/management/v1/raft` and `/edge/management/v1/services[/:name]`: see replicatedServicesRoutes;
 * - `POST /mesh/v1/:type`: the peer endpoint. Without the cluster secret: 401 (checked before the body is read);
 *   malformed input: 400; a type nobody handles yet: 503. Whatever a peer sends, the server keeps running.
 */
export async function buildWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const server = Fastify({ loggerInstance: options.logger, bodyLimit: options.bodyLimit ?? 64 * 1024, forceCloseConnections: true });

  await options.health.registerProbes(server, { drainDelayMs: options.drainDelayMs ?? 0 });
  server.get('/health-checks', async (_request, reply: FastifyReply) => {
    const status = options.health.status();
    return reply.code(status.state === 'ready' ? 200 : 503).send(status);
  });

  server.get('/edge/management/v1/controllers', async () => {
    const data = options.controllers();
    return { data, meta: { count: data.length } };
  });

  if (options.raft !== undefined) replicatedServicesRoutes(server, options.raft);

  server.post<{ Params: { type: string } }>(
    '/mesh/v1/:type',
    {
      // onRequest runs before the body is read: a caller without the secret gets nothing parsed.
      onRequest: async (request, reply) => {
        if (!secretMatches(request.headers.authorization, options.secret)) {
          await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'peer requests need the cluster secret' });
        }
      },
    },
    async (request, reply) => {
      const handler = options.peerEndpoint.handlerOf(request.params.type);
      if (handler === undefined) {
        return reply.code(503).send({ error: `peer message "${request.params.type}" is not handled here yet; retry later` });
      }
      return handler(request.body);
    },
  );

  server.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof PeerInputError) return reply.code(error.status).send({ error: error.message });
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : error.message });
  });
  return server;
}
