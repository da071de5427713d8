import type { Logger } from 'pino';
import type { NodeEventInput } from './NodeEvent.js';

/**
 * Logs one of the facts a controller reports (see NodeEvent) at info, with its `type` as the message: one JSON line
 * on stdout that an operator, the cluster runner and the tests all read the same way.
 */
export function logEvent(logger: Logger, event: NodeEventInput): void {
  logger.info(event, event.type);
}
