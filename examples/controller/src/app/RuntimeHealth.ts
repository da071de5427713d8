import type { FastifyInstance } from 'fastify';
import { Lifecycle, readygraphProbes } from 'readygraph';
import type { ControllerRuntime, HealthSource, RuntimeStatus } from './RuntimeStatus.js';
import { seedProbes } from './seedProbes.js';

/**
 * The health of whichever runtime runs the node. The container is built before the runtime that will start it (a
 * Lifecycle reads the container's bindings), so the runtime is attached afterwards; until then the node is idle.
 */
export class RuntimeHealth implements HealthSource {
  private runtime: ControllerRuntime | undefined;

  public attach(runtime: ControllerRuntime): void {
    this.runtime = runtime;
  }

  public status(): RuntimeStatus {
    return this.runtime?.status() ?? { state: 'idle', services: [] };
  }

  /** readygraph's probes for a Lifecycle; the seed runtime has only its own hand-written pair. */
  public async registerProbes(server: FastifyInstance, options: { drainDelayMs: number }): Promise<void> {
    const runtime = this.runtime;
    if (runtime instanceof Lifecycle) await server.register(readygraphProbes, { lifecycle: runtime, drainDelayMs: options.drainDelayMs });
    else await server.register(seedProbes, { status: () => this.status() });
  }
}
