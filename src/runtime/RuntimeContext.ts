import type { VertexGraph } from '../graph/VertexGraph.js';
import type { Availability } from './Availability.js';
import type { EventHub } from './EventHub.js';
import type { HookSlots } from './HookSlots.js';
import type { ServiceEventBase } from './LifecycleEvents.js';
import type { ResolvedLifecycleOptions } from './LifecycleOptions.js';
import type { ServiceMachine } from './ServiceMachine.js';

/**
 * What the parts of one runtime share — the scheduler, the stopper, the supervisor and the readiness of running
 * services — made once by the Runtime instead of the same arguments handed to each. Besides the data, the ways
 * back: whether a failure fails a start, what a run's failure sets going (the supervisor decides), and that a service
 * may be able to start now (the scheduler looks after the call).
 */
export interface RuntimeContext {
  readonly graph: VertexGraph;
  /** One machine per service, by service index. */
  readonly machines: readonly ServiceMachine[];
  readonly options: ResolvedLifecycleOptions;
  readonly events: EventHub;
  readonly availability: Availability;
  /** At most `concurrency` hooks at once. */
  readonly hookSlots: HookSlots;
  /** The fields every event about `machine` carries (its name, layer and time). */
  readonly eventBase: (machine: ServiceMachine) => ServiceEventBase;
  /**
   * True while a failure of `machine`'s run is a failure of the start that includes it (API.md 'During start()'):
   * the lifecycle's own, until `start()` settled, or a widening under way that started `machine` (not deferred).
   */
  inStart(machine: ServiceMachine): boolean;
  /** Why nothing starts any more (a rollback while the start is abandoned, else a stop); undefined while running. */
  halted(): 'stop' | 'rollback' | undefined;
  /** A run of `machine` became ready: the start counts it once. */
  serviceReady(machine: ServiceMachine): void;
  /** A run of `machine` failed on its own: the supervisor restarts it, gives up, or fails the start. */
  runFailed(machine: ServiceMachine, error: unknown): void;
  /** The fields a failure of `machine` adds to `service:failed`: `willRestart` if the supervisor will restart it. */
  failureOutlook(machine: ServiceMachine): { readonly willRestart?: true };
  /** `machine` may be able to start now (its dependencies, its backoff, its last hook): looked at after the call. */
  wake(machine: ServiceMachine): void;
}
