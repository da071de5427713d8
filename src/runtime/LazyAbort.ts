/**
 * An abort signal that is made only when somebody reads it. Most hooks never look at their signal, and an
 * AbortController per hook is a noticeable share of a large start; an abort before the first read is kept and
 * applied to the signal when it is made.
 */
export class LazyAbort {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  public get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  public abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/** The context a hook receives: its service's name and a signal made on first read. */
export class HookContext {
  public readonly name: string;
  readonly #abort: LazyAbort;

  public constructor(name: string, abort: LazyAbort) {
    this.name = name;
    this.#abort = abort;
  }

  public get signal(): AbortSignal {
    return this.#abort.signal;
  }
}
