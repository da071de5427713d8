import { errorCodes } from '../errors/errorCodes.js';
import { isReadyGraphError } from '../errors/ReadyGraphError.js';
import { messageOf } from '../errors/messageOf.js';
import type { Logger } from '../logging/Logger.js';
import { systemClock } from '../runtime/Clock.js';
import { installSignalHandlers, type SignalReport, type StopOnSignalsOptions, type StoppableLifecycle } from './stopOnSignals.js';

/** What `run()` needs of a lifecycle: to start it, to know how it ended, and what signal handling needs. */
export interface MainLifecycle extends StoppableLifecycle {
  /** The lifecycle's one start (its rejection is not run()'s business: `whenStopped()` carries the same error). */
  start(): Promise<void>;
  /** Resolves after a clean stop; rejects with what ended the lifecycle otherwise. */
  whenStopped(): Promise<void>;
}

/** Where `run()` writes: the lifecycle's name (the `lifecycle` field of a log line) and its logger, if it has one. */
export interface MainReporting {
  readonly name: string;
  readonly logger: Logger | undefined;
}

/** How long `run()` lets the event loop run dry after the logger's `flush()` before it exits anyway. */
const flushWaitMs = 2_000;

/** The longest delay a Node.js timer takes (about 24.8 days); the keep-alive re-arms itself after it. */
const longestTimerMs = 2_147_483_647;

/**
 * @internal See `Lifecycle.run`. The process's main, like fx's `Run`: the rules, as it enforces them —
 * - It installs the signal handlers first (bad options throw before anything starts), then starts the lifecycle.
 * - The exit code is decided by how the lifecycle ended, never by the start's promise alone: `0` after a clean stop
 *   (a signal, `stop()` called by the application, or a signal during the start whose rollback was clean); `1` after
 *   a failed start (once its rollback is done), after supervision gave up (once the whole stop is done), or after a
 *   stop whose `onStop` (or `beforeStop` hook) failed. So a signal during the start exits only after the rollback,
 *   not in the middle of it as `start().catch(() => process.exit(1))` would.
 * - A second signal, or `forceAfterMs`, exits at once with 128 + the signal's number (the signal handlers do that).
 * - Before exiting it reports why: on the logger (error for a failure, info for a clean stop), else on `report`,
 *   else on stderr; a logger with `flush()` (pino's) is flushed, and the process then exits as its event loop runs
 *   dry (so writes in flight complete), or after 2 s if a handle holds it.
 * - Until then the process stays alive (a timer on the clock holds it, as a server's socket would): a lifecycle that
 *   runs is never left by an event loop that ran dry.
 */
export function runMain(lifecycle: MainLifecycle, options: StopOnSignalsOptions, reporting: MainReporting): Promise<never> {
  const { logger, name } = reporting;
  const fields = { lifecycle: name };
  const report: SignalReport | undefined =
    logger === undefined || options.report !== undefined ? undefined : (message, level) => logger[level](fields, message);
  const handlers = installSignalHandlers(lifecycle, options, report === undefined ? { exitAfterStop: false } : { exitAfterStop: false, report });
  const clock = options.clock ?? systemClock;
  let keepAlive: unknown;
  const holdOn = (): void => {
    keepAlive = clock.setTimeout(holdOn, longestTimerMs);
  };
  holdOn();
  const line = (message: string): void => {
    if (options.report !== undefined) options.report(`readygraph: ${message}`);
    else console.error(`readygraph: ${message}`);
  };
  // pino writes asynchronously by default: process.exit() right after the last line can lose it, even after its
  // flush() called back (sonic-boom calls back at once while a write is still in flight). So a logger with flush()
  // is flushed and the process left to exit as the event loop runs dry, within flushWaitMs.
  const exit = (code: number): void => {
    clock.clearTimeout(keepAlive);
    if (typeof logger?.flush !== 'function') return handlers.exit(code);
    try {
      logger.flush(() => undefined);
    } catch {
      // A logger whose flush() throws still lets the process exit, with the code the lifecycle's end decided.
    }
    handlers.exit(code, flushWaitMs);
  };
  lifecycle.start().catch(() => undefined);
  lifecycle.whenStopped().then(
    () => {
      const message = `${name} stopped; exiting with code 0`;
      if (logger === undefined) line(message);
      else logger.info({ ...fields, exitCode: 0 }, message);
      exit(0);
    },
    (error: unknown) => {
      const message = `${name} ${howItFailed(error)}: ${messageOf(error)}; exiting with code 1`;
      if (logger === undefined) line(message);
      else logger.error({ ...fields, exitCode: 1, err: error }, message);
      exit(1);
    },
  );
  return new Promise<never>(() => undefined);
}

/** What ended a lifecycle that failed, by the error `whenStopped()` rejected with. */
function howItFailed(error: unknown): string {
  if (isReadyGraphError(error) && error.code === errorCodes.gaveUp) return 'stopped because supervision gave up';
  if (isReadyGraphError(error) && error.code === errorCodes.stop) return 'stopped, but the stop failed';
  return 'failed to start';
}
