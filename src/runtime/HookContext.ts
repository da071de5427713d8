import type { HealthContext, StopContext, StopReason } from './hooks.js';

/**
 * The context a hook receives: its service's name and an abort signal. The signal is made only when somebody reads
 * it: most hooks never look at it, and an AbortController per hook is a noticeable share of a large start. An abort
 * before the first read is kept and applied to the signal when it is made.
 *
 * The runtime aborts a context with the static {@link HookContext.abort}, so that the object a hook receives has no
 * method of its own to abort with.
 */
export class HookContext implements HealthContext {
  public readonly name: string;
  #controller: AbortController | undefined;
  // Undefined until aborted; then the reason, or how to make it (see abortLazily). Two fields, not four: a context
  // is made for every hook of every service.
  #abortedWith: { reason: unknown } | { make: () => unknown } | undefined;

  public constructor(name: string) {
    this.name = name;
  }

  public get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortedWith !== undefined) this.#controller.abort(this.#reasonNow(this.#abortedWith));
    }
    return this.#controller.signal;
  }

  #reasonNow(aborted: { reason: unknown } | { make: () => unknown }): unknown {
    if ('reason' in aborted) return aborted.reason;
    const reason = aborted.make();
    this.#abortedWith = { reason };
    return reason;
  }

  /**
   * Aborts `context`'s signal with the reason `makeReason` makes, made only if somebody reads the signal: an abort
   * reason is an error with a stack, and a stop of 10,000 services would make 10,000 of them for signals nobody read.
   */
  public static abortLazily(context: HookContext, makeReason: () => unknown): void {
    if (context.#abortedWith !== undefined) return;
    if (context.#controller === undefined) context.#abortedWith = { make: makeReason };
    else HookContext.abort(context, makeReason());
  }

  /** Aborts `context`'s signal with `reason` (the first reason wins). */
  public static abort(context: HookContext, reason: unknown): void {
    if (context.#abortedWith !== undefined) return;
    context.#abortedWith = { reason };
    context.#controller?.abort(reason);
  }
}

/** What `onStop` receives: a {@link HookContext} with the reason of the stop. */
export class StopHookContext extends HookContext implements StopContext {
  public readonly reason: StopReason;

  public constructor(name: string, reason: StopReason) {
    super(name);
    this.reason = reason;
  }
}
