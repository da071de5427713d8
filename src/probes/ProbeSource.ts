import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { systemClock, type Clock } from '../runtime/Clock.js';
import type { Lifecycle } from '../runtime/Lifecycle.js';
import { answerProbe, wantsVerbose, type ProbeAnswer, type ProbeName } from './answerProbe.js';
import type { ProbeOptions } from './ProbeOptions.js';

/** @internal The probes' paths, and the probe each one asks. */
export const probePaths: ReadonlyMap<string, ProbeName> = new Map([
  ['/livez', 'livez'],
  ['/readyz', 'readyz'],
  ['/startupz', 'startupz'],
]);

/**
 * @internal What the probes read from one lifecycle: its state (asked on each request), whether a stop has begun
 * (from the `stopping` event, or from `drain()`), and whether the start ever succeeded (from the `ready` event).
 * It registers its drain as a `beforeStop` hook, so that every stop of a lifecycle that was ready waits
 * `drainDelayMs` with readiness off before the first `onStop`; the wait is a timer of the `clock` option.
 */
export class ProbeSource {
  readonly #lifecycle: Lifecycle;
  readonly #drainDelayMs: number;
  readonly #clock: Clock;
  #leaving = false;
  #started = false;
  #drained: Promise<void> | undefined;
  readonly #removeBeforeStop: () => void;
  readonly #onStopping = (): void => {
    this.#leaving = true;
  };
  readonly #onReady = (): void => {
    this.#started = true;
  };
  readonly #readiness: ProbeOptions['readiness'];

  public constructor(lifecycle: Lifecycle, options: ProbeOptions | undefined, caller: string) {
    if (typeof lifecycle !== 'object' || lifecycle === null || typeof (lifecycle as Partial<Lifecycle>).status !== 'function') {
      throw new ReadyGraphError(errorCodes.usage, `${caller}: lifecycle must be a readygraph Lifecycle; got ${describeValue(lifecycle)}`);
    }
    const drainDelayMs = options?.drainDelayMs ?? 0;
    if (typeof drainDelayMs !== 'number' || !Number.isInteger(drainDelayMs) || drainDelayMs < 0) {
      throw new ReadyGraphError(errorCodes.usage, `${caller}: drainDelayMs must be a whole number ≥ 0; got ${describeValue(drainDelayMs)}`);
    }
    const clock = options?.clock ?? systemClock;
    if (typeof clock !== 'object' || clock === null || typeof (clock as Partial<Clock>).setTimeout !== 'function') {
      throw new ReadyGraphError(errorCodes.usage, `${caller}: clock must be a Clock with setTimeout() (readygraph's systemClock, or the lifecycle's clock); got ${describeValue(clock)}`);
    }
    this.#lifecycle = lifecycle;
    this.#drainDelayMs = drainDelayMs;
    this.#clock = clock;
    const readiness = options?.readiness;
    if (readiness !== undefined) {
      if (!Array.isArray(readiness)) throw new ReadyGraphError(errorCodes.usage, `${caller}: readiness must be an array of services and layers; got ${describeValue(readiness)}`);
      // An unknown target is refused now, not on every probe.
      for (const target of readiness) lifecycle.isAvailable(target);
    }
    this.#readiness = readiness;
    const state = lifecycle.state;
    this.#started = state === 'ready' || state === 'degraded';
    lifecycle.on('stopping', this.#onStopping).on('ready', this.#onReady).on('degraded', this.#onReady);
    this.#removeBeforeStop = lifecycle.beforeStop(({ wasReady }) => (wasReady ? this.drain() : undefined));
  }

  /** The probe a path names (`/livez`, `/readyz`, `/startupz`), or `undefined`. */
  public probeOf(pathname: string): ProbeName | undefined {
    return probePaths.get(pathname);
  }

  /** Answers `probe` for a request whose query string is `search`. */
  public answer(probe: ProbeName, search: URLSearchParams): ProbeAnswer {
    const lifecycle = this.#lifecycle;
    const state = lifecycle.state;
    const leaving = this.#leaving || state === 'stopping' || state === 'stopped';
    const readiness = this.#readiness;
    const ready = readiness === undefined ? state === 'ready' : state !== 'failed' && readiness.every((target) => lifecycle.isAvailable(target));
    // The per-service snapshot is built only for a verbose answer.
    return answerProbe(probe, { state, leaving, ready, started: this.#started, services: () => lifecycle.status().services }, wantsVerbose(search));
  }

  public drain(): Promise<void> {
    this.#leaving = true;
    this.#drained ??= new Promise<void>((resolve) => {
      if (this.#drainDelayMs === 0) resolve();
      else this.#clock.setTimeout(resolve, this.#drainDelayMs);
    });
    return this.#drained;
  }

  public close(): void {
    this.#lifecycle.off('stopping', this.#onStopping).off('ready', this.#onReady).off('degraded', this.#onReady);
    this.#removeBeforeStop();
  }
}
