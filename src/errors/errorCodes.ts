/**
 * Every error code readygraph throws, in one place. test/errors.test.ts reads the error table of README.md (and of the
 * contract, API.md, where it is present) and fails unless this list equals it.
 */
export const errorCodes = {
  /** The readiness graph has a cycle; the error's `cycle` lists it. */
  cycle: 'ERR_READYGRAPH_CYCLE',
  /** A `@dependsOn` target is not bound in the container. */
  missingDependency: 'ERR_READYGRAPH_MISSING_DEPENDENCY',
  /** A lifecycle service is not bound as a singleton. */
  scope: 'ERR_READYGRAPH_SCOPE',
  /** An `onReady` did not settle within `startTimeoutMs`. */
  startTimeout: 'ERR_READYGRAPH_START_TIMEOUT',
  /** `start()` failed; `failures` holds the root causes. */
  startup: 'ERR_READYGRAPH_STARTUP',
  /** An `onStop` did not settle within `stopTimeoutMs`. */
  stopTimeout: 'ERR_READYGRAPH_STOP_TIMEOUT',
  /** Some `onStop` failed or timed out; `failures` lists them. */
  stop: 'ERR_READYGRAPH_STOP',
  /** Supervision gave up on a service (`escalate: true`): the lifecycle stopped; `service`, `restarts`, `cause`. */
  gaveUp: 'ERR_READYGRAPH_GAVE_UP',
  /** The API was misused (bad options, unknown target, two layers on a class, `@dependsOn(undefined)`, …). */
  usage: 'ERR_READYGRAPH_USAGE',
} as const;

/** One of the codes in {@link errorCodes}. */
export type ReadyGraphErrorCode = (typeof errorCodes)[keyof typeof errorCodes];
