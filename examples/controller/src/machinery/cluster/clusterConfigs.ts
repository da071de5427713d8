import type { ControllerConfigInput } from '../../config/controllerConfigSchema.js';
import type { NodeKeyPair } from '../../mesh/PeerKeys.js';
import type { Random } from '../raft/seededRandom.js';

/** What the runner decides for each controller of a cluster. */
export interface PlannedNode {
  readonly id: string;
  readonly port: number;
  /** Delay before its process is spawned (start jitter). */
  readonly startDelayMs: number;
  /** How long its web layer takes to load its configuration in the race demo (`--unordered`); the controller takes none. */
  readonly raceDelayMs: number;
  readonly config: ControllerConfigInput;
}

/**
 * Plans a loopback cluster: ids `ctrl-1…`, one port and one key pair each (`keys[i]` for the controller on
 * `ports[i]`: its private key in its own configuration, its public key in every peer's), every controller a peer of
 * every other, and from `random`
 * each one's start jitter and its web layer's configuration delay in the race demo (100–400 ms, a realistic time to
 * load identities).
 * Pure: the same random source plans the same cluster.
 */
export function planCluster(options: {
  ports: readonly number[];
  keys: readonly NodeKeyPair[];
  secret: string;
  dataRoot: string;
  random: Random;
  jitterMs: number;
}): PlannedNode[] {
  const ids = options.ports.map((_, index) => `ctrl-${index + 1}`);
  return options.ports.map((port, index) => {
    const id = ids[index] ?? `ctrl-${index + 1}`;
    const startDelayMs = Math.round(options.random() * options.jitterMs);
    const raceDelayMs = 100 + Math.round(options.random() * 300);
    const keyOf = (at: number): NodeKeyPair => {
      const pair = options.keys[at];
      if (pair === undefined) throw new RangeError(`planCluster: no key pair for the controller on port ${options.ports[at]}; give one per port`);
      return pair;
    };
    const peers = options.ports.flatMap((peerPort, peerIndex) =>
      peerIndex === index ? [] : [{ id: ids[peerIndex] ?? '', address: `127.0.0.1:${peerPort}`, publicKey: keyOf(peerIndex).publicKey }],
    );
    return {
      id,
      port,
      startDelayMs,
      raceDelayMs,
      config: {
        id,
        dataDir: `${options.dataRoot}/${id}`,
        web: { bind: { host: '127.0.0.1', port } },
        cluster: { secret: options.secret, privateKey: keyOf(index).privateKey, peers },
        mesh: { retryMs: 50, maxRetryMs: 400, heartbeatMs: 500, requestTimeoutMs: 1_000 },
        log: { level: 'info' },
      },
    };
  });
}
