/**
 * A logger whose methods take the message first, then anything else: `console`, winston, and many home-grown
 * loggers. {@link fromMessageLogger} adapts one to the `logger` option.
 */
export interface MessageLogger {
  info(message: string, ...args: unknown[]): unknown;
  warn(message: string, ...args: unknown[]): unknown;
  error(message: string, ...args: unknown[]): unknown;
}
