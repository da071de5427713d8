/**
 * The logger readygraph writes to: pino's call shape (`logger.info({ service }, 'message')`), so a pino logger, or
 * anything with the same three methods, fits.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  /**
   * Optional, as pino's: writes out what the logger still buffers, then calls `callback`. `run()` calls it before it
   * exits the process, so its last lines (why it exits) are not lost with an asynchronous destination.
   */
  flush?(callback: (error?: Error) => void): void;
}
