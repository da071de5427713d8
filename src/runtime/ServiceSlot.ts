import type { ResolvedSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { ServiceVertex } from '../graph/ServiceVertex.js';
import type { HealthMonitor } from './HealthMonitor.js';
import type { Run } from './Run.js';
import type { ServiceOwner } from './serviceOwners.js';
import type { ServiceState } from './states.js';

/**
 * Everything the runtime knows of one lifecycle service across its runs. Times are on the clock's scale.
 *
 * Two fields guard the invariants: `hook` names the hook of this service in flight (kept until the hook itself
 * settles, even after its timeout), and a new `onReady` starts only while it is empty — so the hooks of one service
 * never overlap. `run` is the current run; a run whose `onReady` succeeded keeps its place there until its `onStop`
 * has ended — so every such run gets its one `onStop`.
 */
export class ServiceSlot {
  public readonly vertex: ServiceVertex;
  public readonly index: number;
  public readonly name: string;
  public readonly layer: string | undefined;
  public readonly policy: ResolvedSupervisionPolicy;
  /** Another Lifecycle runs its hooks (API.md, "one owner per service"): here it is ready when available there. */
  public readonly external: ServiceOwner | undefined;
  public state: ServiceState = 'pending';
  public instance: unknown;
  public resolved = false;
  public run: Run | undefined;
  public generation = 0;
  public hook: 'onReady' | 'onStop' | undefined;
  public health: HealthMonitor | undefined;
  /** Whether a new run should be started when its dependencies are available (false after giving up, and at a stop). */
  public wanted = true;
  /** Held back by its own restart: until its restart set is down and its backoff has passed. */
  public held = false;
  public backoffTimer: unknown;
  public everReady = false;
  /** Why it is unready: by its own `unready()`, by its health checks. It is ready when neither says otherwise. */
  public selfUnready: string | undefined;
  public healthUnready: string | undefined;
  public unreadySince = 0;
  /** Its own restarts (failures and requests), and the times of those counted by the policy's window. */
  public restarts = 0;
  public restartTimes: number[] = [];
  /** The number of the restart the current start belongs to (for `service:ready`'s `restart`). */
  public restartNumber: number | undefined;
  public lastCause: unknown;
  /** Supervision gave up on it (`escalate: false`): it stays down until `lifecycle.restart()`. */
  public givenUp = false;
  /** Why it was given up on (what `whenReady` of it and of its dependents rejects with). */
  public gaveUpError: Error | undefined;
  /** Its first readiness was counted towards the end of the start. */
  public countedReady = false;
  public startedAt: number | undefined;
  public readyAt: number | undefined;
  public failedAt: number | undefined;
  public stoppedAt: number | undefined;
  public error: unknown;
  public stopError: unknown;

  public constructor(vertex: ServiceVertex, layer: string | undefined, policy: ResolvedSupervisionPolicy, external: ServiceOwner | undefined) {
    this.vertex = vertex;
    this.external = external;
    this.index = vertex.index;
    this.name = vertex.name;
    this.layer = layer;
    this.policy = policy;
  }

  /** The reason it is unready, if it is. */
  public get unreadyReason(): string | undefined {
    return this.selfUnready ?? this.healthUnready;
  }
}
