import { pino, type Logger } from 'pino';
import { errorCodes, ReadyGraphError, type StartupReport } from 'readygraph';
import { logEvent } from './logEvent.js';
import type { ControllerRuntime } from './RuntimeStatus.js';

/**
 * The process's one logger: pino JSON lines on stdout, written synchronously (a line logged just before an exit is
 * not lost), each with `t`, milliseconds since the process started, which the cluster runner shows.
 */
export function createNodeLogger(): Logger {
  return pino({ level: 'info', base: { pid: process.pid }, mixin: () => ({ t: Math.round(performance.now()) }) }, pino.destination({ fd: 1, sync: true }));
}

/**
 * Runs a controller process's runtime: starts it, then logs `ready` and the start-up report (with `svgFile`, if
 * `writeSvg` wrote one); a failed start logs `start-failed` and exits 1, unless a stop aborted it (`stopRequested`),
 * which then exits on its own. Started by the cluster runner (an IPC channel), the node stops when the runner goes
 * away. Once started, a runtime whose supervision gives up (`whenStopped()` rejects with `ERR_READYGRAPH_GAVE_UP`:
 * every service is already stopped) logs a `gave-up` error line and exits 1, so that an orchestrator restarts the
 * process instead of keeping one that serves nothing. Returns `shutdown`: stop the runtime, exit 0 (1 if the stop
 * failed). `exit` is `process.exit` unless a test runs the node in its own process.
 */
export function runNode(
  runtime: ControllerRuntime,
  logger: Logger,
  options: { stopRequested: () => boolean; writeSvg?: (report: StartupReport) => string; exit?: (code: number) => void },
): { shutdown: () => void } {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | undefined;
  const shutdown = (): void => {
    stopping ??= (async () => {
      try {
        await runtime.stop();
        exit(0);
      } catch (error) {
        process.stderr.write(`controller-node: stop failed: ${describe(error)}\n`);
        exit(1);
      }
    })();
  };
  if (process.send !== undefined) process.on('disconnect', shutdown);

  void (async () => {
    try {
      await runtime.start();
      runtime.whenStopped?.().catch((error: unknown) => {
        // Any other rejection is a stop's own error: the stop that was asked for (shutdown, a signal) exits.
        if (!(error instanceof ReadyGraphError) || error.code !== errorCodes.gaveUp) return;
        logger.error({ type: 'gave-up', code: error.code, service: error.service, restarts: error.restarts, error: describe(error) }, 'gave-up');
        exit(1);
      });
      logEvent(logger, { type: 'ready' });
      const report = runtime.report();
      const svgFile = options.writeSvg?.(report);
      logEvent(logger, { type: 'report', report, ...(svgFile === undefined ? {} : { svgFile }) });
    } catch (error) {
      // A start aborted by a stop (a signal, the runner leaving) is not a failure: the stop is under way and will exit.
      if (stopping !== undefined || options.stopRequested()) return;
      logEvent(logger, { type: 'start-failed', error: describe(error) });
      logEvent(logger, { type: 'report', report: runtime.report() });
      process.stderr.write(`controller-node: start-up failed: ${describe(error)}\n`);
      exit(1);
    }
  })();
  return { shutdown };
}

/** The error's message, and for a failed start-up each root cause its message does not already show. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ReadyGraphError)) return message;
  const causes = (error.failures ?? []).map((failure) => `${failure.service}: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
  return [message, ...causes.filter((cause) => !message.includes(cause.slice(cause.indexOf(': ') + 2)))].join('\n  ');
}
