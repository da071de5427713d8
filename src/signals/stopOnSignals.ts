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
  /** Where the messages go. Default `console.error`. */
  readonly report?: (message: string) => void;
}

/** @internal See `Lifecycle.stopOnSignals`. */
export function installSignalHandlers(lifecycle: StoppableLifecycle, options: StopOnSignalsOptions): () => void {
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
  const report = options.report ?? ((message: string) => console.error(message));
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
    report(`readygraph: ${why}; exiting now.${running.length > 0 ? ` Hooks still running: ${running.join(', ')}.` : ''}`);
    process.exit(128 + (constants.signals[signal] ?? 0));
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (first !== undefined) {
      if (options.forceOn === 'same' && signal !== first) {
        report(`readygraph: ${signal} received while stopping after ${first}; still stopping (send ${first} again to exit at once)`);
        return;
      }
      force(signal, `second ${signal} while stopping`);
      return;
    }
    first = signal;
    report(`readygraph: ${signal} received, stopping (send it again to exit at once)`);
    if (options.forceAfterMs !== undefined) {
      forceTimer = clock.setTimeout(() => force(signal, `the stop did not end within ${options.forceAfterMs} ms (forceAfterMs)`), options.forceAfterMs);
      // Not unref'd: a stop hung on a promise that holds no handle must still end in the forced exit, not a silent 0.
    }
    lifecycle.stop().then(
      () => finish(0),
      (error: unknown) => {
        report(`readygraph: ${messageOf(error)}`);
        finish(1);
      },
    );
  };
  const finish = (code: number): void => {
    if (forceTimer !== undefined) clock.clearTimeout(forceTimer);
    if (done) return;
    done = true;
    process.exit(code);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
    if (forceTimer !== undefined) clock.clearTimeout(forceTimer);
  };
}
