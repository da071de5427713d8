import { errorCodes } from './errorCodes.js';
import { messageOf } from './messageOf.js';
import { ReadyGraphError, type ServiceFailure } from './ReadyGraphError.js';

// The runtime's error messages, next to their codes (errorCodes.ts): each names the culprit, says what happened and
// what to do. The runtime decides when an error is made; its wording lives here.

/** `ERR_READYGRAPH_START_TIMEOUT`: an `onReady` (or, before it, the service's async resolution) did not settle. */
export function startTimeoutError(service: string, resolved: boolean, startTimeoutMs: number): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.startTimeout,
    resolved
      ? `onReady of "${service}" did not settle within ${startTimeoutMs} ms (startTimeoutMs); resolve its promise or raise the timeout`
      : `resolving "${service}" from the container (its async activation) did not settle within ${startTimeoutMs} ms (startTimeoutMs); ` +
          'resolve the activation promise or raise the timeout',
    { service, timeoutMs: startTimeoutMs },
  );
}

/** `ERR_READYGRAPH_STOP_TIMEOUT`: a stop-side hook (`what`: an `onStop`, a `beforeStop` hook) did not settle. */
export function stopTimeoutError(what: string, service: string, stopTimeoutMs: number): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.stopTimeout,
    `${what} did not settle within ${stopTimeoutMs} ms (stopTimeoutMs); resolve its promise or raise the timeout`,
    { service, timeoutMs: stopTimeoutMs },
  );
}

/** What a hook that rejected with `undefined` (or `null`) failed with. */
export function rejectedWithoutReason(what: string): Error {
  return new Error(`${what} rejected without a reason`);
}

/** What a run that called `fail()` with nothing failed with. */
export function runFailedWithoutReason(service: string): Error {
  return new Error(`"${service}" called fail() without a reason`);
}

/** `ERR_READYGRAPH_STARTUP`: the start failed (`failures`: its root causes) and was rolled back. */
export function startupFailedError(failures: ServiceFailure[], skipped: string[], rollbackFailures: ServiceFailure[]): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.startup,
    `start() failed: ${describeFailures(failures)}.${skippedText(skipped)} The services that had become ready were stopped in reverse order; ` +
      'fix the failing service (see failures and cause) and start again.',
    { failures, skipped, rollbackFailures, cause: failures[0]?.error },
  );
}

/** `ERR_READYGRAPH_STARTUP`: `stop()` abandoned the start. */
export function startupAbortedError(skipped: string[], rollbackFailures: ServiceFailure[]): ReadyGraphError {
  return new ReadyGraphError(errorCodes.startup, `start() was aborted by stop(), called while starting; running hooks were aborted and awaited.${skippedText(skipped)}`, {
    failures: [],
    skipped,
    rollbackFailures,
  });
}

/** Why the hooks that run see their signal abort when the start is abandoned. */
export function startAbandonedReason(rootCause: string | undefined): DOMException {
  const cause = rootCause === undefined ? 'stop() was called' : `"${rootCause}" failed`;
  return new DOMException(`the start was abandoned because ${cause}`, 'AbortError');
}

/** `ERR_READYGRAPH_STOP`: some `onStop` (or `beforeStop` hook) failed; every other service was stopped. */
export function stopFailedError(failures: ServiceFailure[]): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.stop,
    `stop() finished, but ${failures.length} onStop hook(s) failed: ${describeFailures(failures)}. Every other service was stopped.`,
    { failures },
  );
}

/** `ERR_READYGRAPH_GAVE_UP`: supervision gave up on `service` after `restarts` restarts in its window. */
export function gaveUpError(service: string, policy: { readonly restart: string; readonly withinMs: number; readonly maxRestarts: number }, restarts: number, cause: unknown): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.gaveUp,
    `supervision gave up on "${service}": ${messageOf(cause)} ` +
      (policy.restart === 'never'
        ? `(its policy has restart: 'never'; give it @supervise({ restart: 'on-failure' }) to restart it)`
        : `(${restarts} restart(s) within ${policy.withinMs} ms already, maxRestarts ${policy.maxRestarts}; fix the cause, or raise maxRestarts)`),
    { service, restarts, cause },
  );
}

/** `ERR_READYGRAPH_USAGE`: `new Lifecycle(container)` with something that is not a container (`got`: it, described). */
export function notAContainerError(got: string): ReadyGraphError {
  return new ReadyGraphError(errorCodes.usage, `new Lifecycle(container): container must be an InversifyJS 8 Container; got ${got}`);
}

/** `ERR_READYGRAPH_USAGE`: `whenReady(what)` on a lifecycle that will not become ready again. */
export function notReadyAgainError(what: string, state: string): ReadyGraphError {
  return new ReadyGraphError(errorCodes.usage, `whenReady(${what}): the lifecycle is ${state}; it will not become ready again`);
}

/** `ERR_READYGRAPH_USAGE`: `whenReady()` / `restart()` of a target that needs a service `start({ only })` left `idle`. */
export function idleTargetError(caller: string, target: string, service: string, only: string | undefined): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.usage,
    `${caller}(${target}): "${service}" is idle: ${only ?? 'start({ only })'} left it out; widen the run first (start({ only: [${target}] }), or start())`,
  );
}

/** `ERR_READYGRAPH_USAGE`: `whenReady()` on a lifecycle stopped before it started. */
export function stoppedBeforeStartError(): ReadyGraphError {
  return new ReadyGraphError(errorCodes.usage, 'whenReady(): the lifecycle was stopped before it started');
}

/** `ERR_READYGRAPH_USAGE`: `start()` after `stop()`. */
export function startAfterStopError(): ReadyGraphError {
  return new ReadyGraphError(errorCodes.usage, `start() after stop(): a Lifecycle runs once; make a new Lifecycle (and container) to start again`);
}

/**
 * `ERR_READYGRAPH_USAGE`: `run()` together with `start()` or `stopOnSignals()` (`called` is the later call, `earlier`
 * the one before it): `run()` is the process's main and does both itself.
 */
export function runAlongsideError(called: string, earlier: string): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.usage,
    `${called} after ${earlier}: run() is the process's main — it starts the lifecycle, installs the signal handlers and exits the process ` +
      `when the lifecycle has ended — so it is called alone: either run(options), or start() with stopOnSignals(options) and an exit of your own`,
  );
}

/** `ERR_READYGRAPH_USAGE`: `restart(target)` while the lifecycle is not `ready` or `degraded`. */
export function restartWhileNotRunningError(target: string, state: string): ReadyGraphError {
  return new ReadyGraphError(errorCodes.usage, `restart(${target}): the lifecycle is ${state}; restart() works while it is ready or degraded`);
}

/** `ERR_READYGRAPH_USAGE`: `restart(target)` of a service another Lifecycle runs. */
export function restartOfOwnedError(target: string, owner: string): ReadyGraphError {
  return new ReadyGraphError(errorCodes.usage, `restart(${target}): Lifecycle "${owner}" runs its hooks; restart it there`);
}

/** `ERR_READYGRAPH_USAGE`: `restart(target)` of something that is not a lifecycle service of this lifecycle. */
export function restartOfUnknownError(target: string): ReadyGraphError {
  return new ReadyGraphError(errorCodes.usage, `restart(${target}): not a lifecycle service of this lifecycle; name a class (or identifier) bound to one`);
}

/** `"Name": message; "Other": message`, for the messages of the startup and stop errors. */
function describeFailures(failures: readonly ServiceFailure[]): string {
  return failures.map((failure) => `"${failure.service}": ${messageOf(failure.error)}`).join('; ');
}

function skippedText(skipped: readonly string[]): string {
  return skipped.length === 0 ? '' : ` ${skipped.length} service(s) never started: ${skipped.join(', ')}.`;
}
