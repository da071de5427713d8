/**
 * The logger readygraph writes to: pino's call shape (`logger.info({ service }, 'message')`), so a pino logger, or
 * anything with the same three methods, fits.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
