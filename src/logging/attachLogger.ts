import { errorCodes } from '../errors/errorCodes.js';
import { isReadyGraphError } from '../errors/ReadyGraphError.js';
import { messageOf } from '../errors/messageOf.js';
import type { LifecycleEventSource } from '../runtime/LifecycleEvents.js';
import type { Logger } from './Logger.js';

/**
 * Logs the lifecycle's events (a consumer of them like any listener: it needs only `on`). The levels say what an operator has to do:
 * - info: all is as it should be — a service ready (with the attempts it took, the first time after retried starts;
 *   ready again after being unready or restarted), stopped, the whole start and stop, the lifecycle ready again after
 *   a degraded period;
 * - warn: something went wrong and supervision is handling it — a hook slower than `slowHookMs`, a service that
 *   withdrew its readiness (`service:unready`), a run that failed, a failed `onReady` that supervision restarts (a
 *   `retryStart` retry is a restart, not a failure of the start), a restart (`service:restarting`), the lifecycle
 *   `degraded`;
 * - error: nothing will mend it on its own — a failed start hook that ends the start or gives up, a failed stop hook,
 *   supervision giving up (`service:gave-up`), the lifecycle `failed`.
 */
export function attachLogger(lifecycle: LifecycleEventSource, logger: Logger, slowHookMs: number): void {
  // Services whose next service:ready ends an unready period (its durationMs is then that period, not a hook's).
  const unready = new Set<string>();
  // Services that have been ready: a first readiness after retried starts is not "ready again".
  const readyBefore = new Set<string>();
  let degraded = false;
  lifecycle.on('service:ready', ({ name, layer, durationMs, late, restart }) => {
    const fields = { service: name, layer, durationMs, late, restart };
    const first = !readyBefore.has(name);
    readyBefore.add(name);
    if (late === true) logger.warn(fields, `${name} became ready after its start timeout; stopping it`);
    else if (unready.delete(name)) logger.info(fields, `${name} is ready again after ${Math.round(durationMs)} ms unready`);
    else if (restart !== undefined && first) logger.info({ ...fields, attempts: restart + 1 }, `${name} is ready after ${restart + 1} attempts`);
    else if (restart !== undefined) logger.info(fields, `${name} is ready again after restart ${restart}`);
    else if (durationMs >= slowHookMs) logger.warn(fields, `${name} is ready, slowly (${Math.round(durationMs)} ms)`);
    else logger.info(fields, `${name} is ready`);
  });
  lifecycle.on('service:unready', ({ name, layer, reason }) => {
    unready.add(name);
    logger.warn({ service: name, layer, reason }, `${name} is unready: ${reason}`);
  });
  lifecycle.on('service:restarting', ({ name, layer, attempt, delayMs, cause }) => {
    unready.delete(name);
    const fields = { service: name, layer, attempt, delayMs, err: cause };
    if (attempt === 0) logger.warn(fields, `${name} is restarting, as requested`);
    else logger.warn(fields, `${name} is restarting (attempt ${attempt}, in ${Math.round(delayMs)} ms) after: ${messageOf(cause)}`);
  });
  lifecycle.on('service:gave-up', ({ name, layer, restarts, error, escalate }) => {
    const fields = { service: name, layer, restarts, escalate, err: error };
    logger.error(fields, `supervision gave up on ${name} after ${restarts} restart(s); ${escalate ? 'stopping the lifecycle' : `${name} stays failed until restarted`}`);
  });
  lifecycle.on('service:failed', ({ name, layer, error, phase, aborted, durationMs, willRestart }) => {
    const fields = { service: name, layer, phase, durationMs, err: error };
    if (phase === 'run') {
      unready.delete(name);
      // Supervision decides what follows: service:restarting (warn) or service:gave-up (error).
      logger.warn(fields, `${name} failed while running: ${messageOf(error)}`);
    } else if (aborted) logger.warn(fields, `${name} did not finish starting: the start was abandoned`);
    // A restart follows (service:restarting, warn): a retried onReady is not yet a failure of the start.
    else if (willRestart === true) logger.warn({ ...fields, willRestart }, `onReady of ${name} failed: ${messageOf(error)}; restarting it`);
    else logger.error(fields, `${phase === 'start' ? 'onReady' : 'onStop'} of ${name} failed`);
  });
  lifecycle.on('service:stopped', ({ name, layer, durationMs, error, reason }) => {
    unready.delete(name);
    if (error !== undefined) return; // Reported as service:failed.
    const fields = { service: name, layer, durationMs, reason };
    if (durationMs >= slowHookMs) logger.warn(fields, `${name} stopped, slowly (${Math.round(durationMs)} ms)`);
    else logger.info(fields, `${name} stopped${reason === 'restart' ? ' for a restart' : ''}`);
  });
  lifecycle.on('ready', ({ name, durationMs }) => {
    logger.info({ lifecycle: name, durationMs }, degraded ? `${name} is ready again after ${Math.round(durationMs)} ms degraded` : `${name} is ready`);
    degraded = false;
  });
  lifecycle.on('degraded', ({ name, unavailable }) => {
    degraded = true;
    logger.warn({ lifecycle: name, unavailable }, `${name} is degraded: ${unavailable.join(', ')} unavailable`);
  });
  lifecycle.on('failed', ({ name, error, durationMs }) => {
    const fields = { lifecycle: name, durationMs, err: error };
    if (isReadyGraphError(error) && error.code === errorCodes.gaveUp) logger.error(fields, `${name} failed: ${error.message}`);
    else logger.error(fields, `${name} failed to start`);
  });
  lifecycle.on('stopped', ({ name, durationMs }) => logger.info({ lifecycle: name, durationMs }, `${name} stopped`));
}
