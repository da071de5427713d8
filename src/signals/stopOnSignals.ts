import { constants } from 'node:os';
import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { messageOf } from '../errors/messageOf.js';
import { systemClock, type Clock } from '../runtime/Clock.js';
import type { LifecycleStatus } from '../runtime/LifecycleStatus.js';
import type { SignalName } from './SignalName.js';

/** What signal handling needs of a lifecycle: to stop it, and to name the hooks still running when it gives up waiting. */
export interface StoppableLifecycle {
  stop(): Promise<void>;
  status(): LifecycleStatus;
}

/** Options of `lifecycle.stopOnSignals()`. */
export interface StopOnSignalsOptions {
  /** The signals that stop the lifecycle. Default `['SIGINT', 'SIGTERM']`. */
  readonly signals?: readonly SignalName[];
  /** After the first signal, exit by force if the stop has not ended within this many milliseconds. Default: never. */
  readonly forceAfterMs?: number;
  /**
   * Which second signal forces the exit: `'any'` (default) — any of `signals`; `'same'` — only the one that began the
   * stop again. `'same'` suits a process that gets both a terminal's SIGINT (sent to its whole process group) and a
   * supervisor's SIGTERM for one shutdown.
   */
  readonly forceOn?: 'any' | 'same';
  /**
   * The clock the `forceAfterMs` timer runs on. Default: the process's clock (`systemClock`). Inject one to test a
   * forced exit without waiting for it.
   */
  readonly clock?: Clock;
  /**
   * Where the messages go, one line each (the signal that began the stop, one that does not force the exit, a forced
   * exit naming the hooks still running, a failed stop). Default: `console.error`, that is stderr — also under
   * `run()` without a `logger`; under `run()` with the Lifecycle's `logger` (and no `report`), that logger.
   */
  readonly report?: (message: string) => void;
}

/** Where signal handling's messages go (without the `readygraph: ` that a line of text starts with): `info` for what it does, `error` for a forced exit or a failed stop. */
export type SignalReport = (message: string, level: 'info' | 'error') => void;

/** @internal What {@link installSignalHandlers} hands back. */
export interface SignalHandlers {
  /** Removes the handlers (and a pending force timer). */
  readonly uninstall: () => void;
  /**
   * Exits the process with `code`, unless it is already exiting (a forced exit came first): the one way out, so that
   * a forced exit and the end of the stop never both exit. With `drainMs` it does not call `process.exit()` at once:
   * it lets the event loop run dry first, so that writes still in flight (an asynchronous log destination's)
   * complete, and exits at `'beforeExit'`; a handle the application left open delays the exit by at
   * most `drainMs` (an unref'd timer then exits).
   */
  readonly exit: (code: number, drainMs?: number) => void;
}

/**
 * @internal See `Lifecycle.stopOnSignals`. `exitAfterStop` false leaves the exit after a graceful stop to the caller
 * (`run()`, which exits when the lifecycle has ended, whatever ended it); forced exits stay here. `report` overrides
 * where the messages go (default: `options.report`, else `console.error`).
 */
export function installSignalHandlers(
  lifecycle: StoppableLifecycle,
  options: StopOnSignalsOptions,
  how: { readonly exitAfterStop: boolean; readonly report?: SignalReport } = { exitAfterStop: true },
): SignalHandlers {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  if (options.forceOn !== undefined && options.forceOn !== 'any' && options.forceOn !== 'same') {
    throw new ReadyGraphError(errorCodes.usage, `stopOnSignals({ forceOn }): forceOn must be 'any' or 'same'; got ${describeValue(options.forceOn)}`);
  }
  if (options.forceAfterMs !== undefined && (typeof options.forceAfterMs !== 'number' || !(options.forceAfterMs > 0))) {
    throw new ReadyGraphError(errorCodes.usage, `stopOnSignals({ forceAfterMs }): forceAfterMs must be a number of milliseconds greater than 0; got ${describeValue(options.forceAfterMs)}`);
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock !== 'object' || clock === null || typeof (clock as Partial<Clock>).setTimeout !== 'function' || typeof (clock as Partial<Clock>).clearTimeout !== 'function') {
    throw new ReadyGraphError(errorCodes.usage, `stopOnSignals({ clock }): clock must be a Clock with setTimeout() and clearTimeout() (readygraph's systemClock, or the lifecycle's clock); got ${describeValue(clock)}`);
  }
  const given = options.report;
  if (given !== undefined && typeof given !== 'function') {
    throw new ReadyGraphError(errorCodes.usage, `stopOnSignals({ report }): report must be a function of one message; got ${describeValue(given)}`);
  }
  const report: SignalReport = how.report ?? (given === undefined ? (message) => console.error(`readygraph: ${message}`) : (message) => given(`readygraph: ${message}`));
  let first: NodeJS.Signals | undefined;
  let forceTimer: unknown;
  let done = false;

  const force = (signal: NodeJS.Signals, why: string): void => {
    if (done) return;
    done = true;
    const running = lifecycle
      .status()
      .services.filter((service) => service.state === 'stopping' || service.state === 'starting')
      .map((service) => `${service.name} (${service.state === 'stopping' ? 'onStop' : 'onReady'})`);
    report(`${why}; exiting now.${running.length > 0 ? ` Hooks still running: ${running.join(', ')}.` : ''}`, 'error');
    process.exit(128 + (constants.signals[signal] ?? 0));
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (first !== undefined) {
      if (options.forceOn === 'same' && signal !== first) {
        report(`${signal} received while stopping after ${first}; still stopping (send ${first} again to exit at once)`, 'info');
        return;
      }
      force(signal, `second ${signal} while stopping`);
      return;
    }
    first = signal;
    report(`${signal} received, stopping (send it again to exit at once)`, 'info');
    if (options.forceAfterMs !== undefined) {
      forceTimer = clock.setTimeout(() => force(signal, `the stop did not end within ${options.forceAfterMs} ms (forceAfterMs)`), options.forceAfterMs);
      // Not unref'd: a stop hung on a promise that holds no handle must still end in the forced exit, not a silent 0.
    }
    const stopping = lifecycle.stop();
    // Under run() the lifecycle's end decides the exit (and reports it): a stop that joins an escalation resolves,
    // but the process must still exit 1.
    if (!how.exitAfterStop) return void stopping.catch(() => undefined);
    stopping.then(
      () => exit(0),
      (error: unknown) => {
        report(messageOf(error), 'error');
        exit(1);
      },
    );
  };
  const exit = (code: number, drainMs?: number): void => {
    if (forceTimer !== undefined) clock.clearTimeout(forceTimer);
    if (done) return;
    done = true;
    if (drainMs === undefined) process.exit(code);
    // process.exit() at 'beforeExit', not process.exitCode: a main that awaits run() at the top level would otherwise
    // end as an unsettled top-level await (code 13 on Node.js 22 and later, whatever exitCode says).
    process.once('beforeExit', () => process.exit(code));
    // A real timer, not the clock's: it must not hold the process itself (unref), only bound the wait for others.
    setTimeout(() => process.exit(code), drainMs).unref();
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    uninstall: () => {
      for (const signal of signals) process.off(signal, onSignal);
      if (forceTimer !== undefined) clock.clearTimeout(forceTimer);
    },
    exit,
  };
}
