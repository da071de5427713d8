import type { Lifecycle } from './Lifecycle.js';
import type { Logger } from './Logger.js';

/**
 * Logs the lifecycle's events: readiness with its duration at info, hooks slower than `slowHookMs` at warn,
 * failures at error, and the whole start and stop at info.
 */
export function attachLogger(lifecycle: Lifecycle, logger: Logger, slowHookMs: number): void {
  lifecycle.on('service:ready', ({ name, layer, durationMs, late }) => {
    const fields = { service: name, layer, durationMs, late };
    if (late === true) logger.warn(fields, `${name} became ready after its start timeout; stopping it`);
    else if (durationMs >= slowHookMs) logger.warn(fields, `${name} is ready, slowly (${Math.round(durationMs)} ms)`);
    else logger.info(fields, `${name} is ready`);
  });
  lifecycle.on('service:failed', ({ name, layer, error, phase, aborted, durationMs }) => {
    const fields = { service: name, layer, phase, durationMs, err: error };
    if (aborted) logger.warn(fields, `${name} did not finish starting: the start was abandoned`);
    else logger.error(fields, `${phase === 'start' ? 'onReady' : 'onStop'} of ${name} failed`);
  });
  lifecycle.on('service:stopped', ({ name, layer, durationMs, error }) => {
    if (error !== undefined) return; // Reported as service:failed.
    if (durationMs >= slowHookMs) logger.warn({ service: name, layer, durationMs }, `${name} stopped, slowly (${Math.round(durationMs)} ms)`);
    else logger.info({ service: name, layer, durationMs }, `${name} stopped`);
  });
  lifecycle.on('ready', ({ name, durationMs }) => logger.info({ lifecycle: name, durationMs }, `${name} is ready`));
  lifecycle.on('failed', ({ name, error, durationMs }) => logger.error({ lifecycle: name, durationMs, err: error }, `${name} failed to start`));
  lifecycle.on('stopped', ({ name, durationMs }) => logger.info({ lifecycle: name, durationMs }, `${name} stopped`));
}
