import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { systemClock, type Clock } from './Clock.js';
import type { Logger } from '../logging/Logger.js';
import {
  checkSupervisionPolicy,
  defaultSupervisionPolicy,
  resolveSupervisionPolicy,
  type ResolvedSupervisionPolicy,
  type SupervisionPolicy,
} from '../decorators/SupervisionPolicy.js';

/** Options of `new Lifecycle(container, options)`. */
export interface LifecycleOptions {
  /**
   * Milliseconds each `onReady` call (with the resolution of its service) may take before it counts as failed with
   * `ERR_READYGRAPH_START_TIMEOUT` and its signal aborts. `Infinity` disables it. Default `30000`.
   * @example new Lifecycle(container, { startTimeoutMs: 5_000 })
   */
  readonly startTimeoutMs?: number;
  /**
   * Milliseconds each `onStop` call may take before it counts as failed with `ERR_READYGRAPH_STOP_TIMEOUT` and its
   * signal aborts. `Infinity` disables it. Default `10000`.
   */
  readonly stopTimeoutMs?: number;
  /**
   * When `true`, a lifecycle service that another reaches by injection (constructor or property, directly or through
   * plain services) must be ready before the other's `onReady` runs. Set `false` to order by `@dependsOn` and layers
   * only. Default `true`.
   */
  readonly implicitDependencies?: boolean;
  /** At most this many hooks running at once (start and stop). A whole number ≥ 1, or `Infinity`. Default `Infinity`. */
  readonly concurrency?: number;
  /** The clock for timestamps and timeouts. Default: the process's clock. Inject one to test timeouts without waiting. */
  readonly clock?: Clock;
  /**
   * Where the jitter of restart backoff delays comes from: a function returning a number in `[0, 1)`, like
   * `Math.random` (the default). Inject one, like the clock, to make backoff delays deterministic in tests.
   * @example new Lifecycle(container, { clock, random: () => 0.5 }) // no jitter: every delay is its base
   */
  readonly random?: () => number;
  /** The name the whole-lifecycle events (`ready`, `stopped`) carry. Default `'lifecycle'`. */
  readonly name?: string;
  /**
   * A pino-compatible logger: readiness with its duration at info, hooks slower than `slowHookMs` at warn, failures
   * at error. Default: none (silent).
   * @example new Lifecycle(container, { logger: pino() })
   */
  readonly logger?: Logger;
  /** A hook that takes at least this many milliseconds is logged at warn. Default `1000`. */
  readonly slowHookMs?: number;
  /**
   * The supervision policy of every service, field by field under each class's own `@supervise`. Default: never
   * restart (a failure after the start stops the lifecycle), see {@link SupervisionPolicy} for every field.
   * @example new Lifecycle(container, { supervise: { restart: 'on-failure', maxRestarts: 10 } })
   */
  readonly supervise?: SupervisionPolicy;
  /**
   * Lifecycle services to include although nothing injects them: the root classes an application only fetches with
   * `container.get`. In a container with `autobind: true` an unbound class listed here is a node, resolved as
   * inversify autobinds it; elsewhere a listed identifier that is not bound is `ERR_READYGRAPH_MISSING_DEPENDENCY`
   * from `graph()`, and one that is not a lifecycle service is `ERR_READYGRAPH_USAGE`. Listing a bound lifecycle
   * service is harmless. Default: none.
   * @example new Lifecycle(new Container({ autobind: true }), { services: [HttpServer, Scheduler] })
   */
  readonly services?: ReadonlyArray<ServiceIdentifier>;
  /**
   * `true` lets `start()` start a graph without any lifecycle service (it resolves at once). Default `false`: an empty
   * graph is almost always a mistake (roots an `autobind` container only constructs on `container.get`, hooks written
   * as arrow-function fields, classes bound with `toDynamicValue`), so `start()` rejects with `ERR_READYGRAPH_USAGE`
   * saying so.
   */
  readonly allowEmpty?: boolean;
}

/**
 * Options with defaults applied. Not exported from the package root, yet not marked internal: the shipped declarations
 * of the runtime's internals import it, so `stripInternal` must leave it in.
 */
export interface ResolvedLifecycleOptions {
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly implicitDependencies: boolean;
  readonly concurrency: number;
  readonly clock: Clock;
  readonly random: () => number;
  readonly name: string;
  readonly logger: Logger | undefined;
  readonly slowHookMs: number;
  readonly supervise: ResolvedSupervisionPolicy;
  readonly services: ReadonlyArray<ServiceIdentifier>;
  readonly allowEmpty: boolean;
}

const known = ['startTimeoutMs', 'stopTimeoutMs', 'implicitDependencies', 'concurrency', 'clock', 'random', 'name', 'logger', 'slowHookMs', 'supervise', 'services', 'allowEmpty'];

/** @internal Validates options and applies defaults; a bad value is `ERR_READYGRAPH_USAGE` quoting it. */
export function resolveLifecycleOptions(options: LifecycleOptions | undefined): ResolvedLifecycleOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) {
    throw usage(`new Lifecycle(container, options): options must be an object; got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw usage(`new Lifecycle(container, options): unknown option "${key}"; the options are ${known.join(', ')}`);
    }
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock.now !== 'function' || typeof clock.setTimeout !== 'function' || typeof clock.clearTimeout !== 'function') {
    throw usage(`option clock must have now(), setTimeout() and clearTimeout(); got ${describeValue(clock)}`);
  }
  const random = options.random ?? Math.random;
  if (typeof random !== 'function') throw usage(`option random must be a function returning a number in [0, 1), like Math.random; got ${describeValue(random)}`);
  const name = options.name ?? 'lifecycle';
  if (typeof name !== 'string') throw usage(`option name must be a string; got ${describeValue(name)}`);
  const implicitDependencies = options.implicitDependencies ?? true;
  if (typeof implicitDependencies !== 'boolean') {
    throw usage(`option implicitDependencies must be true or false; got ${describeValue(implicitDependencies)}`);
  }
  const logger = options.logger;
  if (logger !== undefined && (typeof logger !== 'object' || logger === null || ['info', 'warn', 'error'].some((level) => typeof (logger as unknown as Record<string, unknown>)[level] !== 'function'))) {
    throw usage(`option logger must have info(), warn() and error() methods (a pino logger fits); got ${describeValue(logger)}`);
  }
  if (Array.isArray(options.supervise?.restartWithDependencies)) {
    throw usage(
      `option supervise: restartWithDependencies must be true or false here; got ${describeValue(options.supervise.restartWithDependencies)}: ` +
        `a list names the dependencies of one service, so write it in that class's @supervise`,
    );
  }
  const allowEmpty = options.allowEmpty ?? false;
  if (typeof allowEmpty !== 'boolean') throw usage(`option allowEmpty must be true or false; got ${describeValue(allowEmpty)}`);
  const supervise =
    options.supervise === undefined
      ? defaultSupervisionPolicy
      : resolveSupervisionPolicy(defaultSupervisionPolicy, checkSupervisionPolicy(options.supervise, 'new Lifecycle(container, { supervise })'));
  return {
    supervise,
    logger,
    slowHookMs: milliseconds('slowHookMs', options.slowHookMs, 1000),
    startTimeoutMs: milliseconds('startTimeoutMs', options.startTimeoutMs, 30_000),
    stopTimeoutMs: milliseconds('stopTimeoutMs', options.stopTimeoutMs, 10_000),
    implicitDependencies,
    concurrency: concurrency(options.concurrency),
    clock,
    random,
    name,
    services: services(options.services),
    allowEmpty,
  };
}

function services(value: unknown): ReadonlyArray<ServiceIdentifier> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw usage(`option services must be an array of service identifiers; got ${describeValue(value)}`);
  (value as readonly unknown[]).forEach((entry, index) => {
    if (typeof entry === 'function' || typeof entry === 'symbol' || (typeof entry === 'string' && entry !== '')) return;
    const hint = entry === undefined ? ' (usually a circular import: the class is not defined yet where the options are made)' : '; an entry is a class, a symbol or a string';
    throw usage(`option services: entry ${index + 1} is ${describeValue(entry)}${hint}`);
  });
  return Object.freeze([...(value as ServiceIdentifier[])]);
}

function milliseconds(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw usage(`option ${option} must be a number of milliseconds greater than 0 (or Infinity); got ${describeValue(value)}`);
  }
  return value;
}

function concurrency(value: unknown): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (typeof value !== 'number' || !(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 1))) {
    throw usage(`option concurrency must be a whole number of at least 1, or Infinity; got ${describeValue(value)}`);
  }
  return value;
}

function usage(message: string): ReadyGraphError {
  return new ReadyGraphError(errorCodes.usage, message);
}
