import { rejectedWithoutReason, stopTimeoutError } from '../errors/messages.js';
import type { ServiceFailure } from '../errors/ReadyGraphError.js';
import type { Clock } from './Clock.js';
import type { BeforeStopContext } from './hooks.js';
import { runHookToEnd } from './runHook.js';
import { TimeoutQueue } from './TimeoutQueue.js';

/** A `lifecycle.beforeStop()` hook. */
export type BeforeStopHook = (context: BeforeStopContext) => void | Promise<void>;

/** Runs the `beforeStop` hooks together, each within `stopTimeoutMs`; their failures are stop failures. */
export async function runBeforeStopHooks(hooks: ReadonlySet<BeforeStopHook>, wasReady: boolean, clock: Clock, stopTimeoutMs: number): Promise<ServiceFailure[]> {
  const timeouts = stopTimeoutMs === Number.POSITIVE_INFINITY ? undefined : new TimeoutQueue(clock, stopTimeoutMs);
  const errors = await Promise.all(
    [...hooks].map((hook) => {
      const controller = new AbortController();
      const context: BeforeStopContext = Object.freeze({ signal: controller.signal, wasReady });
      return runHookToEnd(
        () => hook(context),
        timeouts,
        () => {
          const error = stopTimeoutError('a beforeStop hook', 'beforeStop', stopTimeoutMs);
          controller.abort(error);
          return error;
        },
        () => rejectedWithoutReason('a beforeStop hook'),
      );
    }),
  );
  return errors.filter((error) => error !== undefined).map((error) => ({ service: 'beforeStop', error }));
}
