import type { StartupReport } from 'readygraph';

/**
 * The facts a controller logs (see logEvent), each a pino JSON line on its stdout with a `type`: the lifecycle's
 * events and the few facts the cluster runner (and the tests) watch. `t` is milliseconds since the process started;
 * the line's other pino fields (`level`, `time`, `pid`, `msg`) are left out of this type.
 */
export type NodeEvent =
  | { t: number; type: 'graph'; mode: 'ordered' | 'unordered'; services: Array<{ name: string; layer?: string; dependsOn: string[] }>; levels: string[][] }
  | { t: number; type: 'service:starting' | 'service:stopping' | 'service:stopped'; name: string; layer?: string }
  /** `restart`: ready again after its n-th restart; `recovered`: ready again after an unready period. */
  | { t: number; type: 'service:ready'; name: string; layer?: string; durationMs: number; restart?: number; recovered?: true }
  | { t: number; type: 'service:failed'; name: string; layer?: string; error: string }
  /** After start: a service withdrew its readiness, is restarted, or the node as a whole lacks some service. */
  | { t: number; type: 'service:unready'; name: string; layer?: string; reason: string }
  | { t: number; type: 'service:restarting'; name: string; layer?: string; attempt: number; delayMs: number; cause?: string }
  | { t: number; type: 'degraded'; unavailable: string[] }
  | { t: number; type: 'web:listening'; url: string }
  /** SIGHUP: the configuration file was read again (`webChanged`: the web layer restarts), or refused. */
  | { t: number; type: 'config:reloaded'; webChanged: boolean }
  | { t: number; type: 'config:reload-failed'; error: string }
  | { t: number; type: 'web:closed' }
  | { t: number; type: 'mesh:dial'; peer: string; attempt: number; apiAddresses: Record<string, unknown> }
  | { t: number; type: 'mesh:connected' | 'mesh:lost'; peer: string }
  | { t: number; type: 'mesh:hello'; peer: string; apiAddresses: Record<string, unknown> }
  | { t: number; type: 'cluster:bootstrapped'; clusterId: string; members: string[] }
  | { t: number; type: 'cluster:rejoined'; clusterId: string }
  | { t: number; type: 'raft:recovered'; term: number; logLength: number }
  | { t: number; type: 'raft:state'; role: 'follower' | 'candidate' | 'leader'; term: number; leader: string | null }
  | { t: number; type: 'ready' | 'stopping' | 'stopped' }
  | { t: number; type: 'start-failed'; error: string }
  /** Logged at error: supervision gave up on `service` after `restarts` restarts and stopped the node, which exits 1. */
  | { t: number; type: 'gave-up'; code: 'ERR_READYGRAPH_GAVE_UP'; service: string; restarts: number; error: string }
  /** The runtime's start-up report (readygraph's `lifecycle.report()`), once the start has ended either way. */
  | { t: number; type: 'report'; report: StartupReport; svgFile?: string };

/** A NodeEvent before it is stamped with its time. */
export type NodeEventInput = NodeEvent extends infer E ? (E extends { t: number } ? Omit<E, 't'> : never) : never;
