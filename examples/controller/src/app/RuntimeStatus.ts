import type { FastifyInstance } from 'fastify';
import type { StartupReport } from 'readygraph';

/**
 * The part of readygraph's `LifecycleStatus` that `/health-checks` and the runner read. The race demo's hand-written
 * runtime produces the same shape, so both are served the same way.
 */
export interface RuntimeStatus {
  readonly state: string;
  readonly services: ReadonlyArray<{ readonly name: string; readonly layer?: string; readonly state: string; readonly readyAt?: number }>;
}

/** A node's runtime: readygraph's Lifecycle, or the race demo's hand-written start-up. */
export interface ControllerRuntime {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Resolves when the runtime has stopped after `stop()`; rejects with `ERR_READYGRAPH_GAVE_UP` when supervision gave
   * up and stopped it (readygraph's). The race demo's hand-written runtime has none: it supervises nothing, so
   * nothing gives up there, and a listener that dies leaves it running as it left the original controller.
   */
  whenStopped?(): Promise<void>;
  status(): RuntimeStatus;
  /** What the start-up cost, service by service (readygraph's report; the race demo fills the same shape). */
  report(): StartupReport;
}

/** What the web layer needs of the runtime: its status, and the probes `/livez`, `/readyz`, `/startupz`. */
export interface HealthSource {
  status(): RuntimeStatus;
  /** Adds the probe routes to `server` (readygraph's `readygraphProbes` plugin for a Lifecycle). */
  registerProbes(server: FastifyInstance, options: { drainDelayMs: number }): Promise<void>;
}
