import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { HealthSource } from '../app/RuntimeStatus.js';
import type { PeerEndpoint } from '../mesh/PeerEndpoint.js';
import { sessionMessageType, type PeerGate } from '../mesh/PeerGate.js';
import { peerHeaders } from '../mesh/PeerKeys.js';
import { PeerInputError } from '../mesh/PeerInputError.js';
import type { RaftGateway } from '../consensus/RaftGateway.js';
import { maxBodyBytes } from '../consensus/replicationLimits.js';
import { maxServiceNameLength } from '../consensus/serviceCommandSchema.js';
import { useJsonBodies } from './jsonBodies.js';
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
  /**
   * Which peer messages are accepted: every `POST /mesh/v1/:type` must be signed by the peer it names, on a session
   * this controller issued to it, with a counter above the last (else 401/403/409); answers are signed by it.
   */
  readonly peerGate: PeerGate;
  readonly logger: FastifyBaseLogger;
  /** The Raft node's switchboard, for the replicated services and `/raft`; without it those routes are absent. */
  readonly raft?: RaftGateway;
  /** How long a read of the replicated services may wait (see `raft.readTimeoutMs`). Default 3000. */
  readonly readTimeoutMs?: number;
  /** Largest request body accepted, in bytes; larger is 413. Default 64 KiB. */
  readonly bodyLimit?: number;
  /** How long a client may take to send a whole request (headers and body); then 408 and the connection closes. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** How long a connection may stay silent (no byte either way) before it is closed. Default 60 s. */
  readonly idleTimeoutMs?: number;
}

/** Peer message types: what `PeerEndpoint.handle` is given (lower-case words), and what a signature covers. */
const messageTypePattern = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * The controller's HTTP server:
 * - `GET /livez`, `/readyz`, `/startupz`: the runtime's probes (readygraph's `readygraphProbes` plugin: plain text,
 *   `?verbose` for one line per service; `/readyz` is 503 until the runtime is ready and again from the moment a stop
 *   begins); `GET /health-checks`: the same readiness as JSON, with the runtime's status (the advertised health API);
 * - `GET /edge/management/v1/controllers`: the controllers this one knows, with the API addresses they advertised;
 * - `/edge/management/v1/raft` and `/edge/management/v1/services[/:name]`: see replicatedServicesRoutes;
 * - `POST /mesh/v1/:type`: the peer endpoint. Without the cluster secret: 401 (checked before the body is read);
 *   without the signature of the peer it names, or on a session this controller did not issue to it: 401; a replayed
 *   or reordered message: 409 (PeerGate); a sender that is not a peer, or a body speaking for another controller
 *   than the signer: 403; malformed input: 400; a type nobody handles yet: 503. `POST /mesh/v1/session` issues a
 *   session; every other type goes to its PeerEndpoint handler, whose result is the answer, signed (PeerGate).
 * Every JSON body is refused with 400 when it nests deeper than 64 levels; a request must arrive whole within
 * `requestTimeoutMs` (408). Whatever a client or peer sends, the server keeps running.
 */
export async function buildWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  const server = Fastify({
    loggerInstance: options.logger,
    // A line per request would drown the node's events at info; failures are logged by the error handler below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? maxBodyBytes,
    forceCloseConnections: true,
    requestTimeout,
    connectionTimeout: options.idleTimeoutMs ?? 60_000,
    // Given to node's server at construction too: node reads it there for a body still arriving (fastify sets it only
    // afterwards, which bounds the headers alone), and checks open connections this often (by default every 30 s).
    http: { requestTimeout, connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(requestTimeout / 4))) },
    // A path parameter is a service name: whatever the schema would judge must reach it (percent-encoded, three
    // characters a byte), so that the schema, not the router's 414, decides what a name may be.
    routerOptions: { maxParamLength: 3 * maxServiceNameLength },
  });
  const bodyText = useJsonBodies(server);

  await options.health.registerProbes(server, { drainDelayMs: options.drainDelayMs ?? 0 });
  server.get('/health-checks', async (_request, reply: FastifyReply) => {
    const status = options.health.status();
    return reply.code(status.state === 'ready' ? 200 : 503).send(status);
  });

  server.get('/edge/management/v1/controllers', async () => {
    const data = options.controllers();
    return { data, meta: { count: data.length } };
  });

  if (options.raft !== undefined) replicatedServicesRoutes(server, options.raft, { readTimeoutMs: options.readTimeoutMs ?? 3_000 });

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
      const { type } = request.params;
      if (!messageTypePattern.test(type)) return reply.code(404).send({ error: 'no such peer message type' });
      const message = options.peerGate.admit(type, request.headers, bodyText(request) ?? '');
      let answer: unknown;
      if (type === sessionMessageType) answer = options.peerGate.open(message);
      else {
        const handler = options.peerEndpoint.handlerOf(type);
        if (handler === undefined) return reply.code(503).send({ error: `peer message "${type}" is not handled here yet; retry later` });
        answer = await handler(request.body, message.sender);
      }
      const text = JSON.stringify(answer ?? {});
      return reply.type('application/json').header(peerHeaders.signature, options.peerGate.signAnswer(message, text)).send(text);
    },
  );

  server.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof PeerInputError) {
      // A session to renew is routine; any other refusal of a peer's message is worth an operator's look.
      if (error.code === 'unknown-session') request.log.debug({ reason: error.message }, 'peer message refused');
      else request.log.warn({ type: 'peer:refused', status: error.status, reason: error.message }, 'peer message refused');
      return reply.code(error.status).send({ error: error.message, ...(error.code === undefined ? {} : { code: error.code }) });
    }
    const status = error.statusCode ?? 500;
    if (request.url.startsWith('/mesh/v1/') && status >= 400 && status < 500) request.log.warn({ type: 'peer:refused', status, reason: error.message }, 'peer message refused');
    // A 503 says "not yet" (the consensus layer is still starting): an answer, not a failure of this server.
    if (status >= 500 && status !== 503) request.log.error({ err: error }, 'request failed');
    else if (status === 503) request.log.debug({ url: request.url, reason: error.message }, 'answered 503');
    return reply.code(status).send({ error: status >= 500 && status !== 503 ? 'internal error' : error.message });
  });
  return server;
}
