import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import type { Layer } from '../decorators/layer.js';
import type { Clock } from '../runtime/Clock.js';

/** Options of {@link createProbeHandler} and the `readygraphProbes` fastify plugin. */
export interface ProbeOptions {
  /**
   * Milliseconds every stop of a ready lifecycle keeps `/readyz` at 503 before the first `onStop`, so that load
   * balancers see the instance leave before its services stop (the probes register this as a `beforeStop` hook; it
   * counts against `stopTimeoutMs`). `drain()` starts the same wait by hand. A whole number ≥ 0. Default `0`.
   * @example createProbeHandler(lifecycle, { drainDelayMs: 5_000 })
   */
  readonly drainDelayMs?: number;
  /**
   * The clock the drain waits on. Default: the process's clock (`systemClock`). Inject one (usually the
   * lifecycle's own) to test a drain without waiting for it.
   * @example createProbeHandler(lifecycle, { drainDelayMs: 5_000, clock })
   */
  readonly clock?: Clock;
  /**
   * The services and layers whose availability `/readyz` reports: 200 whenever every one of them is available (also
   * while the rest still starts, or is unready), 503 otherwise and from the moment a stop begins. Default: the whole
   * lifecycle (200 only while it is `ready`).
   * @example createProbeHandler(lifecycle, { readiness: [Web] }) // serve as soon as the web layer is up
   */
  readonly readiness?: ReadonlyArray<ServiceIdentifier | Layer>;
}
