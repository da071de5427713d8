import type { ServiceFailure } from '../errors/ReadyGraphError.js';
import { HookContext } from './HookContext.js';
import type { ReadyContext, StopReason } from './hooks.js';
import type { ServiceState } from './states.js';

/** What a run's context reports to: the runtime, which applies the rules of API.md's "Calls on the context". */
export interface RunControl {
  unready(run: Run, reason: string): void;
  ready(run: Run): void;
  fail(run: Run, error: unknown): void;
}

/**
 * Where a run is: `starting` while its `onReady` runs; `up` once it succeeded (the service is `ready` or `unready`,
 * or `failed` and owed its `onStop`); `ending` from the moment its `onStop` is due; `over` when nothing more is owed.
 */
export type RunPhase = 'starting' | 'up' | 'ending' | 'over';

/**
 * One run of a service: one `onReady` … `onStop`, with the context both the hook and the run's later calls
 * (`unready`, `ready`, `fail`) go through. Each run has a generation: a call on the context of an earlier run is
 * ignored, because its run is no longer the service's current one.
 */
export class Run {
  /** The index of its service. */
  public readonly service: number;
  public readonly generation: number;
  public readonly context: RunContext;
  public phase: RunPhase = 'starting';
  /** The run failed (its `onReady` failed, or `fail()` was called): no more calls go through its context. */
  public failed = false;
  /** `fail()` was called while `onReady` ran: when the hook settles, nothing more is called for the run. */
  public failedEarly = false;
  /** `onReady` timed out: a late success owes an `onStop`. */
  public timedOut = false;
  /** Set when the run is asked to end: why, and the state its service takes when it has. */
  public endReason: StopReason | undefined;
  public endState: ServiceState = 'stopped';
  /** The run's end, once asked for: resolves when its `onStop` has ended (or at once if none is owed). */
  public ended: Promise<ServiceFailure | undefined> | undefined;
  /** For a service another Lifecycle owns: stops following its availability there. */
  public unfollow: (() => void) | undefined;
  /** While `starting` and asked to end: settles {@link Run.ended} when the `onReady` has. */
  public endWaiter: ((failure: ServiceFailure | undefined) => void) | undefined;

  public constructor(service: number, name: string, generation: number, control: RunControl) {
    this.service = service;
    this.generation = generation;
    this.context = new RunContext(name, this, control);
  }
}

/**
 * The `ReadyContext` of one run. Its signal is the run's: it aborts at `onReady`'s timeout, when the start is
 * abandoned, when the run fails, and before the run's `onStop`.
 *
 * Its members work taken off the object (API.md, "Context members work destructured"): `async onReady({ unready })`
 * and a later `unready('reconnecting')` from an event handler must do what `context.unready(...)` does. Each member is
 * a getter that hands out a function bound to this run, made on first read: most hooks never touch them, and a
 * closure per member per run would be a noticeable share of a large start.
 */
export class RunContext extends HookContext implements ReadyContext {
  readonly #run: Run;
  readonly #control: RunControl;
  #unready: ((reason: string) => void) | undefined;
  #ready: (() => void) | undefined;
  #fail: ((error: unknown) => void) | undefined;

  public constructor(name: string, run: Run, control: RunControl) {
    super(name);
    this.#run = run;
    this.#control = control;
  }

  public get unready(): (reason: string) => void {
    return (this.#unready ??= (reason: string) => this.#control.unready(this.#run, String(reason)));
  }

  public get ready(): () => void {
    return (this.#ready ??= () => this.#control.ready(this.#run));
  }

  public get fail(): (error: unknown) => void {
    return (this.#fail ??= (error: unknown) => this.#control.fail(this.#run, error));
  }
}
