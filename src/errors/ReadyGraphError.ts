import type { ReadyGraphErrorCode } from './errorCodes.js';

/** A service whose hook failed, with what it threw (or the timeout error readygraph made for it). */
export interface ServiceFailure {
  readonly service: string;
  readonly error: unknown;
}

/** The fields an error of a given code carries besides `code` and `message`. */
export interface ReadyGraphErrorDetails {
  /** `ERR_READYGRAPH_CYCLE`: the names along the cycle, the first repeated last. */
  readonly cycle?: readonly string[];
  /** The service the error is about (missing dependency, scope, timeouts). */
  readonly service?: string;
  /** `ERR_READYGRAPH_MISSING_DEPENDENCY`: the display name of the unbound target. */
  readonly dependency?: string;
  /** Timeouts: the limit that was exceeded. */
  readonly timeoutMs?: number;
  /** `ERR_READYGRAPH_STARTUP` (root causes) and `ERR_READYGRAPH_STOP` (every failed `onStop`). */
  readonly failures?: readonly ServiceFailure[];
  /** `ERR_READYGRAPH_STARTUP`: services never started because the start failed first. */
  readonly skipped?: readonly string[];
  /** `ERR_READYGRAPH_STARTUP`: `onStop` failures met while rolling back the services that had become ready. */
  readonly rollbackFailures?: readonly ServiceFailure[];
  /** `ERR_READYGRAPH_GAVE_UP`: the restarts counted in the window when supervision gave up. */
  readonly restarts?: number;
  /** The underlying error, when there is one (for `ERR_READYGRAPH_STARTUP`, the first root cause). */
  readonly cause?: unknown;
}

/**
 * The one error class of readygraph. Branch on `code`; the other fields depend on it (see {@link ReadyGraphErrorDetails}).
 */
export class ReadyGraphError extends Error {
  public readonly code: ReadyGraphErrorCode;
  declare public readonly cycle?: readonly string[];
  declare public readonly service?: string;
  declare public readonly dependency?: string;
  declare public readonly timeoutMs?: number;
  declare public readonly failures?: readonly ServiceFailure[];
  declare public readonly skipped?: readonly string[];
  declare public readonly rollbackFailures?: readonly ServiceFailure[];
  declare public readonly restarts?: number;

  public constructor(code: ReadyGraphErrorCode, message: string, details: ReadyGraphErrorDetails = {}) {
    super(message, 'cause' in details ? { cause: details.cause } : undefined);
    this.name = 'ReadyGraphError';
    this.code = code;
    // Only the fields that apply are set (the others are `declare`d, so not even defined as undefined), so an error
    // prints and serialises without empty noise.
    if (details.cycle !== undefined) this.cycle = details.cycle;
    if (details.service !== undefined) this.service = details.service;
    if (details.dependency !== undefined) this.dependency = details.dependency;
    if (details.timeoutMs !== undefined) this.timeoutMs = details.timeoutMs;
    if (details.failures !== undefined) this.failures = details.failures;
    if (details.skipped !== undefined) this.skipped = details.skipped;
    if (details.rollbackFailures !== undefined) this.rollbackFailures = details.rollbackFailures;
    if (details.restarts !== undefined) this.restarts = details.restarts;
  }
}

/** True for a {@link ReadyGraphError}, optionally of one code. */
export function isReadyGraphError(value: unknown, code?: ReadyGraphErrorCode): value is ReadyGraphError {
  return value instanceof ReadyGraphError && (code === undefined || value.code === code);
}
