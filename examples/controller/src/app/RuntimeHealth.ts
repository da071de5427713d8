import type { FastifyInstance } from 'fastify';
import type { ControllerRuntime, HealthSource, RuntimeStatus } from './RuntimeStatus.js';

/** Adds the probe routes (`/livez`, `/readyz`, …) of a runtime to the web server. */
export type ProbeRoutes = (server: FastifyInstance, options: { drainDelayMs: number }) => Promise<void>;

/**
 * The health of whichever runtime runs the node. The container is built before the runtime that will start it (a
 * Lifecycle reads the container's bindings), so the runtime and its probe routes are attached afterwards; until then
 * the node is idle and has no probes.
 */
export class RuntimeHealth implements HealthSource {
  private runtime: ControllerRuntime | undefined;
  private probes: ProbeRoutes | undefined;

  /** `probes`: readygraph's `readygraphProbes` plugin for a Lifecycle (see node.ts). */
  public attach(runtime: ControllerRuntime, probes: ProbeRoutes): void {
    this.runtime = runtime;
    this.probes = probes;
  }

  public status(): RuntimeStatus {
    return this.runtime?.status() ?? { state: 'idle', services: [] };
  }

  public async registerProbes(server: FastifyInstance, options: { drainDelayMs: number }): Promise<void> {
    await this.probes?.(server, options);
  }
}
