import { z } from 'zod';

/** A node's id, as the configuration and a peer's hello both require it. */
export const nodeIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** A `host:port` address, as the configuration and a peer's hello both require it. */
export const hostPortPattern = /^[^\s:/]+:\d{1,5}$/;

const nodeId = z.string().regex(nodeIdPattern, 'must be lower-case letters, digits and dashes (at most 63), e.g. "ctrl-1"');
const port = z.number().int().min(0).max(65_535);
const hostPort = z.string().regex(hostPortPattern, 'must be host:port, e.g. "127.0.0.1:1280"');
const millis = z.number().int().min(0);

/**
 * The controller's configuration file (JSON). Everything a node needs: who it is, where it listens, who its peers
 * are, and the secret they share. Unknown keys are refused, so that a misspelt option is not silently ignored.
 */
export const controllerConfigSchema = z.strictObject({
  /** This controller's id; unique in the cluster. */
  id: nodeId,
  /** Directory of the on-disk state (created if missing). */
  dataDir: z.string().min(1),
  web: z.strictObject({
    bind: z.strictObject({ host: z.string().min(1).default('127.0.0.1'), port }),
    /** host:port that peers and clients should use; default: the bind address. */
    advertise: hostPort.optional(),
    /** APIs hosted by this web server and advertised to peers. */
    apis: z.array(z.enum(['edge-management', 'health-checks'])).min(1).default(['edge-management', 'health-checks']),
    /** How long `/readyz` answers 503 on a stop before the services stop, so that a load balancer drains first. */
    drainDelayMs: millis.max(60_000).default(0),
    /** How long a client may take to send a whole request, body included; then 408 and the connection closes. */
    requestTimeoutMs: millis.min(100).max(600_000).default(10_000),
    /** How long a connection may stay silent before it is closed; must exceed the longest answer (a write's commit). */
    idleTimeoutMs: millis.min(100).max(3_600_000).default(60_000),
  }),
  cluster: z.strictObject({
    /** Shared by every controller of the cluster; a peer request without it is answered 401. */
    secret: z.string().min(16, 'must be at least 16 characters'),
    /** This controller's own Ed25519 private key (base64 PKCS#8 DER): it signs every message to a peer. */
    privateKey: z.string().min(1),
    /** The other controllers, each with its Ed25519 public key (base64 SPKI DER), which its messages must verify with. */
    peers: z.array(z.strictObject({ id: nodeId, address: hostPort, publicKey: z.string().min(1) })).default([]),
    /** Controllers (this one included) that must have met before the cluster is bootstrapped; default: a majority. */
    minClusterSize: z.number().int().min(1).optional(),
  }),
  mesh: z
    .strictObject({
      /** First retry delay for a peer that is not up yet; doubles up to maxRetryMs. */
      retryMs: millis.min(10).default(100),
      maxRetryMs: millis.min(10).default(2_000),
      /** A connected peer is sent a hello again this often (it is also how a lost peer is noticed). */
      heartbeatMs: millis.min(50).default(1_000),
      requestTimeoutMs: millis.min(50).default(2_000),
    })
    .prefault({}),
  raft: z
    .strictObject({
      /** A follower that hears from no leader for a random time in [min, max) starts an election. */
      electionTimeoutMs: z.strictObject({ min: millis.min(20), max: millis.min(21) }).default({ min: 400, max: 800 }),
      /** How often the leader sends AppendEntries; must be below electionTimeoutMs.min. */
      heartbeatMs: millis.min(5).default(100),
      /** How long a write waits to be committed before it is answered 503. */
      proposalTimeoutMs: millis.min(100).default(5_000),
      /**
       * How long a read of the replicated services may wait for the Raft node to be available, and for a
       * linearizable read to be confirmed and applied; then 503 with `Retry-After`.
       */
      readTimeoutMs: millis.min(100).max(60_000).default(3_000),
    })
    .refine((raft) => raft.electionTimeoutMs.max > raft.electionTimeoutMs.min, { message: 'electionTimeoutMs.max must be above min', path: ['electionTimeoutMs', 'max'] })
    .refine((raft) => raft.heartbeatMs < raft.electionTimeoutMs.min, { message: 'must be below electionTimeoutMs.min', path: ['heartbeatMs'] })
    .prefault({}),
  /**
   * The process's log (pino, JSON lines on stdout). At `info` it carries the controller's events (`type`: a service
   * ready, a peer's hello, a Raft leader), which the cluster runner shows; above `info` they are left out.
   */
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).prefault({}),
});

/** A validated configuration, defaults applied. */
export type ControllerConfig = z.infer<typeof controllerConfigSchema>;
/** What a configuration file may contain (defaults not yet applied). */
export type ControllerConfigInput = z.input<typeof controllerConfigSchema>;
