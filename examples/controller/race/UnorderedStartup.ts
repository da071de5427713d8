import type { Container } from 'inversify';
import type { Logger } from 'pino';
import type { OnReady, OnStop, StartupReport } from 'readygraph';
import { logEvent } from '../src/app/logEvent.js';
import type { ControllerRuntime, RuntimeStatus } from '../src/app/RuntimeStatus.js';
import { Config } from '../src/config/Config.js';
import { ClusterBootstrapper } from '../src/consensus/ClusterBootstrapper.js';
import { RaftNode } from '../src/consensus/RaftNode.js';
import { Mesh } from '../src/mesh/Mesh.js';
import { Storage } from '../src/storage/Storage.js';
import { XWeb } from '../src/web/XWeb.js';

type Service = Partial<OnReady & OnStop>;
type ServiceState = 'pending' | 'starting' | 'ready' | 'failed' | 'stopping' | 'stopped';

/**
 * The race demo's runtime: the controller started the way the original controller did it, without readygraph: a
 * hand-written main that loads the configuration and opens the storage, then starts the web layer, the mesh, the
 * bootstrapper and the Raft node together. (The original had a latch meant to hold the mesh back; it fired when the
 * web server was created, before the web layer's configuration was loaded, which comes to the same thing.) The mesh's
 * first hello then reads the API addresses before the web layer has its configuration, and the provider caches the
 * empty map for good.
 *
 * Same services, same hooks; it stops them in the reverse of the order they became ready. Only the readiness ordering
 * is missing.
 */
export class UnorderedStartup implements ControllerRuntime {
  private readonly stages = [[Config], [Storage], [XWeb, Mesh, ClusterBootstrapper, RaftNode]] as const;
  private readonly states = new Map<string, { state: ServiceState; startedAt?: number; readyAt?: number }>();
  private readonly started: Array<{ name: string; service: Service }> = [];
  private readonly abort = new AbortController();
  private state: 'idle' | 'starting' | 'ready' | 'stopping' | 'stopped' | 'failed' = 'idle';
  private origin = 0;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  public constructor(
    private readonly container: Container,
    private readonly logger: Logger,
  ) {
    for (const stage of this.stages) for (const service of stage) this.states.set(service.name, { state: 'pending' });
  }

  public async start(): Promise<void> {
    this.starting ??= this.run();
    return this.starting;
  }

  /** Aborts a start still running and waits for it; then stops what started, last started first. */
  public async stop(): Promise<void> {
    this.stopping ??= (async () => {
      logEvent(this.logger, { type: 'stopping' });
      this.abort.abort(new Error('stop() was called during start-up'));
      await this.starting?.catch(() => undefined);
      this.state = 'stopping';
      await this.stopStarted();
      this.state = 'stopped';
      logEvent(this.logger, { type: 'stopped' });
    })();
    return this.stopping;
  }

  public status(): RuntimeStatus {
    return { state: this.state, services: [...this.states].map(([name, entry]) => ({ name, ...entry })) };
  }

  /**
   * The same shape as readygraph's report, so that the runner shows both runtimes alike; without a graph there is no
   * critical path to show.
   */
  public report(): StartupReport {
    const services = [...this.states].map(([name, entry]) => {
      const durationMs = entry.startedAt !== undefined && entry.readyAt !== undefined ? entry.readyAt - entry.startedAt : undefined;
      return {
        name,
        state: entry.state,
        dependsOn: [],
        critical: false,
        ...(entry.startedAt === undefined ? {} : { startedAt: entry.startedAt }),
        ...(entry.readyAt === undefined ? {} : { endedAt: entry.readyAt }),
        ...(durationMs === undefined ? {} : { durationMs }),
      };
    });
    const slowest = services
      .flatMap((service) => (service.durationMs === undefined ? [] : [{ name: service.name, durationMs: service.durationMs }]))
      .sort((a, b) => b.durationMs - a.durationMs);
    return { state: this.state, totalMs: Math.max(0, ...services.map((service) => service.endedAt ?? 0)), services, criticalPath: [], slowest };
  }

  private async run(): Promise<void> {
    this.state = 'starting';
    this.origin = performance.now();
    for (const stage of this.stages) {
      const results = await Promise.allSettled(stage.map(async (identifier) => this.startOne(identifier.name, this.container.get<Service>(identifier))));
      const failure = results.find((result) => result.status === 'rejected');
      if (failure !== undefined || this.abort.signal.aborted) {
        await this.stopStarted();
        this.state = 'failed';
        throw failure?.reason ?? this.abort.signal.reason;
      }
    }
    this.state = 'ready';
  }

  private async startOne(name: string, service: Service): Promise<void> {
    const began = performance.now();
    const startedAt = Math.round(began - this.origin);
    this.states.set(name, { state: 'starting', startedAt });
    logEvent(this.logger, { type: 'service:starting', name });
    try {
      // The seed's wiring has no supervision: a service's later readiness calls go nowhere.
      await service.onReady?.({ name, signal: this.abort.signal, unready: () => undefined, ready: () => undefined, fail: () => undefined });
    } catch (error) {
      this.states.set(name, { state: 'failed', startedAt });
      logEvent(this.logger, { type: 'service:failed', name, error: String(error) });
      this.abort.abort(error); // the others of the stage give up too
      throw error;
    }
    this.started.push({ name, service });
    this.states.set(name, { state: 'ready', startedAt, readyAt: Math.round(performance.now() - this.origin) });
    logEvent(this.logger, { type: 'service:ready', name, durationMs: Math.round(performance.now() - began) });
  }

  private async stopStarted(): Promise<void> {
    for (const { name, service } of this.started.splice(0).reverse()) {
      this.states.set(name, { ...this.states.get(name), state: 'stopping' });
      logEvent(this.logger, { type: 'service:stopping', name });
      await service.onStop?.({ name, signal: new AbortController().signal, reason: 'stop' });
      this.states.set(name, { ...this.states.get(name), state: 'stopped' });
      logEvent(this.logger, { type: 'service:stopped', name });
    }
  }
}
