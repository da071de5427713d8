import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import type { Layer } from '../decorators/layer.js';

/** Options of `lifecycle.start(options)`. */
export interface StartOptions {
  /**
   * Start only these services and layers and, transitively, what they depend on (their closure); the others stay
   * `idle`. Default: everything.
   */
  readonly only?: ReadonlyArray<ServiceIdentifier | Layer>;
}

/** Options of `lifecycle.whenReady(target, options)`. */
export interface WhenReadyOptions {
  /** Stop waiting when it aborts (the promise rejects with its reason): a request's deadline, say. */
  readonly signal?: AbortSignal;
}
