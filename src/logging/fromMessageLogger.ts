import { describeValue } from '../errors/describeValue.js';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { Logger } from './Logger.js';
import type { MessageLogger } from './MessageLogger.js';

const levels = ['info', 'warn', 'error'] as const;

/**
 * Adapts a logger of `(message, ...args)` methods — `console`, winston, many home-grown ones — to the `logger`
 * option, whose calls have pino's shape `(fields, message)`: each call reaches it as `logger[level](message, fields)`,
 * the message a sentence that names the service (`Db is ready`, `onReady of Db failed: ECONNREFUSED; restarting it`),
 * the fields without the ones that are `undefined`. Its methods are called on it, so a class's methods that need
 * their `this` work.
 *
 * @example new Lifecycle(container, { logger: fromMessageLogger(console) })
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for something without `info()`, `warn()` and `error()` methods,
 *   quoting it.
 */
export function fromMessageLogger(logger: MessageLogger): Logger {
  const candidate = logger as Partial<Record<(typeof levels)[number], unknown>> | null | undefined;
  if (typeof candidate !== 'object' || candidate === null || levels.some((level) => typeof candidate[level] !== 'function')) {
    throw new ReadyGraphError(errorCodes.usage, `fromMessageLogger(logger): logger must have info(), warn() and error() methods taking a message first (console fits); got ${describeValue(logger)}`);
  }
  const call = (level: (typeof levels)[number]) => (fields: object, message: string): void => {
    void logger[level](message, definedFields(fields));
  };
  return { info: call('info'), warn: call('warn'), error: call('error') };
}

/** `fields` without its `undefined` entries (a service outside any layer has no `layer`): what a console prints. */
function definedFields(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
