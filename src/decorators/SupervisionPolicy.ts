import type { ServiceIdentifier } from './isLazyServiceIdentifier.js';
import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { isLayer, type Layer } from './layer.js';

/** The delay before restart n (1-based, counted within `withinMs`): `min(maxMs, initialMs × factor^(n−1))` ± jitter. */
export interface BackoffPolicy {
  /** Delay before the first restart. Default `100`. */
  readonly initialMs: number;
  /** The delay never grows past this. Default `30000`. */
  readonly maxMs: number;
  /** Each restart within the window multiplies the delay by this (≥ 1). Default `2`. */
  readonly factor: number;
  /** The delay is multiplied by a random factor in `[1 − jitter, 1 + jitter]` (0 to 1). Default `0.2`. */
  readonly jitter: number;
}

/** When and how often a service's `checkHealth` runs, and what its failures lead to. */
export interface HealthPolicy {
  /** Milliseconds from the end of one check to the start of the next. Default `10000`. */
  readonly intervalMs: number;
  /** A check that takes longer fails (its signal aborts). Default `2000`. */
  readonly timeoutMs: number;
  /** This many failed checks in a row make the service `unready`. Default `1`. */
  readonly unreadyAfter: number;
  /** This many failed checks in a row are a failure of the run, as `fail()`. Default `Infinity` (never). */
  readonly failAfter: number;
}

/** What supervision does when a run of a service fails: the fields of `@supervise(policy)` and the `supervise` option. */
export interface SupervisionPolicy {
  /** `'on-failure'`: a failed run is restarted; `'never'`: a failure gives up at once. Default `'never'`. */
  readonly restart?: 'never' | 'on-failure';
  /** The delay before each restart; fields left out keep their defaults. */
  readonly backoff?: Partial<BackoffPolicy>;
  /** A failure that would make more than this many restarts within `withinMs` gives up. Default `5`. */
  readonly maxRestarts?: number;
  /** The window, in milliseconds, in which restarts are counted. Default `60000`. */
  readonly withinMs?: number;
  /**
   * On giving up, `true` stops the whole lifecycle in reverse order (it ends `failed`, `whenStopped()` rejects with
   * `ERR_READYGRAPH_GAVE_UP`); `false` stops the services that restart with it, then its own run, and leaves it
   * `failed` and the lifecycle `degraded`. Default `true`.
   */
  readonly escalate?: boolean;
  /** `true`: a failing `onReady` during `start()` is restarted under this policy instead of failing the start. Default `false`. */
  readonly retryStart?: boolean;
  /**
   * `true`: when a service this one depends on (directly or not) restarts, this one is stopped before it and started
   * again after it (systemd's `PartOf=`). `false`: it stays up, unavailable while its dependency is. A list of service
   * identifiers and layers: it restarts with exactly those of its dependencies (direct or transitive; a layer stands
   * for its members) and stays up, unavailable, while any other dependency restarts; listing something the service
   * does not depend on is `ERR_READYGRAPH_USAGE` from `graph()`. A list is a class's own (`@supervise`), not a default
   * of the `supervise` option. Default `false`.
   * @example @supervise({ restart: 'on-failure', restartWithDependencies: [RedisClient] })
   */
  readonly restartWithDependencies?: boolean | ReadonlyArray<ServiceIdentifier | Layer>;
  /** The health check's timing and thresholds; fields left out keep their defaults. */
  readonly health?: Partial<HealthPolicy>;
}

/** A policy with every field filled in. */
export interface ResolvedSupervisionPolicy {
  readonly restart: 'never' | 'on-failure';
  readonly backoff: BackoffPolicy;
  readonly maxRestarts: number;
  readonly withinMs: number;
  readonly escalate: boolean;
  readonly retryStart: boolean;
  /**
   * `true` only for a policy of `true` (restarts with every dependency). A list-valued policy resolves to `false`
   * here: the graph resolves its list (`VertexGraph.restartsWithListed`, read by `restartSetOf`).
   */
  readonly restartWithDependencies: boolean;
  readonly health: HealthPolicy;
}

/** The defaults of every field (API.md, "The supervision policy"). */
export const defaultSupervisionPolicy: ResolvedSupervisionPolicy = Object.freeze({
  restart: 'never',
  backoff: Object.freeze({ initialMs: 100, maxMs: 30_000, factor: 2, jitter: 0.2 }),
  maxRestarts: 5,
  withinMs: 60_000,
  escalate: true,
  retryStart: false,
  restartWithDependencies: false,
  health: Object.freeze({ intervalMs: 10_000, timeoutMs: 2_000, unreadyAfter: 1, failAfter: Number.POSITIVE_INFINITY }),
});

const topFields = ['restart', 'backoff', 'maxRestarts', 'withinMs', 'escalate', 'retryStart', 'restartWithDependencies', 'health'];
const backoffFields = ['initialMs', 'maxMs', 'factor', 'jitter'];
const healthFields = ['intervalMs', 'timeoutMs', 'unreadyAfter', 'failAfter'];

/**
 * Checks a policy as written (by `@supervise` or the `supervise` option) and returns it unchanged. `where` names the
 * place for the message (`@supervise on "Db"`, `option supervise`).
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` quoting the bad value: an unknown field (a typo must not pass
 *   silently), `restart` outside its two values, a negative or non-numeric number, `maxMs < initialMs`, `factor < 1`,
 *   `jitter` outside [0, 1], a non-integer `maxRestarts`, `withinMs`/`intervalMs`/`timeoutMs` not above 0,
 *   `unreadyAfter`/`failAfter` below 1, a `restartWithDependencies` that is neither a boolean nor a non-empty array of
 *   service identifiers and layers.
 */
export function checkSupervisionPolicy(policy: unknown, where: string): SupervisionPolicy {
  const fail = (what: string): never => {
    throw new ReadyGraphError(errorCodes.usage, `${where}: ${what}`);
  };
  const record = (value: unknown, path: string, fields: readonly string[]): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${path} must be an object; got ${describeValue(value)}`);
    for (const key of Object.keys(value as object)) {
      if (!fields.includes(key)) fail(`unknown field "${path === 'policy' ? key : `${path}.${key}`}"; the fields are ${fields.join(', ')}`);
    }
    return value as Record<string, unknown>;
  };
  const number = (value: unknown, path: string, rule: (n: number) => boolean, expected: string): void => {
    if (value === undefined) return;
    if (typeof value !== 'number' || Number.isNaN(value) || !rule(value)) fail(`${path} must be ${expected}; got ${describeValue(value)}`);
  };
  const boolean = (value: unknown, path: string): void => {
    if (value !== undefined && typeof value !== 'boolean') fail(`${path} must be true or false; got ${describeValue(value)}`);
  };
  const top = record(policy, 'policy', topFields);
  if (top['restart'] !== undefined && top['restart'] !== 'never' && top['restart'] !== 'on-failure') {
    fail(`restart must be 'never' or 'on-failure'; got ${describeValue(top['restart'])}`);
  }
  number(top['maxRestarts'], 'maxRestarts', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
  number(top['withinMs'], 'withinMs', (n) => n > 0, 'a number of milliseconds above 0');
  boolean(top['escalate'], 'escalate');
  boolean(top['retryStart'], 'retryStart');
  restartTargets(top['restartWithDependencies'], fail);
  if (top['backoff'] !== undefined) {
    const backoff = record(top['backoff'], 'backoff', backoffFields);
    number(backoff['initialMs'], 'backoff.initialMs', (n) => n >= 0 && Number.isFinite(n), 'a number of milliseconds ≥ 0');
    number(backoff['maxMs'], 'backoff.maxMs', (n) => n >= 0, 'a number of milliseconds ≥ 0');
    number(backoff['factor'], 'backoff.factor', (n) => n >= 1 && Number.isFinite(n), 'a number ≥ 1');
    number(backoff['jitter'], 'backoff.jitter', (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
    const initialMs = (backoff['initialMs'] as number | undefined) ?? defaultSupervisionPolicy.backoff.initialMs;
    const maxMs = (backoff['maxMs'] as number | undefined) ?? defaultSupervisionPolicy.backoff.maxMs;
    if (maxMs < initialMs) fail(`backoff.maxMs (${maxMs}) must not be below backoff.initialMs (${initialMs})`);
  }
  if (top['health'] !== undefined) {
    const health = record(top['health'], 'health', healthFields);
    number(health['intervalMs'], 'health.intervalMs', (n) => n > 0 && Number.isFinite(n), 'a number of milliseconds above 0');
    number(health['timeoutMs'], 'health.timeoutMs', (n) => n > 0, 'a number of milliseconds above 0');
    number(health['unreadyAfter'], 'health.unreadyAfter', (n) => n >= 1 && (Number.isInteger(n) || n === Number.POSITIVE_INFINITY), 'a whole number ≥ 1 (or Infinity)');
    number(health['failAfter'], 'health.failAfter', (n) => n >= 1 && (Number.isInteger(n) || n === Number.POSITIVE_INFINITY), 'a whole number ≥ 1 (or Infinity)');
  }
  return policy as SupervisionPolicy;
}

/** `own` over `defaults`, field by field (nested `backoff` and `health` too). */
export function resolveSupervisionPolicy(defaults: ResolvedSupervisionPolicy, own: SupervisionPolicy | undefined): ResolvedSupervisionPolicy {
  if (own === undefined) return defaults;
  return {
    restart: own.restart ?? defaults.restart,
    backoff: { ...defaults.backoff, ...own.backoff },
    maxRestarts: own.maxRestarts ?? defaults.maxRestarts,
    withinMs: own.withinMs ?? defaults.withinMs,
    escalate: own.escalate ?? defaults.escalate,
    retryStart: own.retryStart ?? defaults.retryStart,
    restartWithDependencies:
      own.restartWithDependencies === undefined ? defaults.restartWithDependencies : own.restartWithDependencies === true,
    health: { ...defaults.health, ...own.health },
  };
}

/** `restartWithDependencies` is a boolean or a non-empty list of service identifiers and layers. */
function restartTargets(value: unknown, fail: (what: string) => never): void {
  if (value === undefined || typeof value === 'boolean') return;
  if (!Array.isArray(value)) {
    fail(`restartWithDependencies must be true, false or an array of service identifiers and layers; got ${describeValue(value)}`);
  }
  const targets = value as readonly unknown[];
  if (targets.length === 0) fail('restartWithDependencies is an empty array: list the dependencies it restarts with, or write false');
  targets.forEach((target, index) => {
    const valid = typeof target === 'function' || typeof target === 'symbol' || (typeof target === 'string' && target !== '') || isLayer(target);
    if (valid) return;
    const hint =
      target === undefined || target === null
        ? ' (usually a circular import: the imported class is not defined yet when the decorator runs; use a symbol or string token)'
        : '; an entry is a class, a symbol, a string or a layer made by layer()';
    fail(`restartWithDependencies entry ${index + 1} is ${describeValue(target)}${hint}`);
  });
}
