import type { Logger } from 'pino';
import type { Lifecycle } from 'readygraph';
import { logEvent } from './logEvent.js';

/**
 * Logs the lifecycle: first the readiness graph (services, layers, levels), then every service's transitions with
 * their layer, so that a reader can follow the start-up layer by layer.
 */
export function logLifecycle(lifecycle: Lifecycle, logger: Logger): void {
  const record = (event: Parameters<typeof logEvent>[1]) => logEvent(logger, event);
  const graph = lifecycle.graph();
  record({
    type: 'graph',
    mode: 'ordered',
    services: graph.nodes.map((node) => ({ ...named(node), dependsOn: [...node.dependsOn] })),
    levels: graph.levels(),
  });
  lifecycle.on('service:starting', (event) => record({ type: 'service:starting', ...named(event) }));
  // A service that was unready is ready again: the one `service:ready` whose service was not starting.
  const unready = new Set<string>();
  lifecycle.on('service:ready', (event) => {
    const recovered = unready.delete(event.name);
    record({
      type: 'service:ready',
      ...named(event),
      durationMs: Math.round(event.durationMs),
      ...(event.restart === undefined ? {} : { restart: event.restart }),
      ...(recovered ? { recovered: true as const } : {}),
    });
  });
  lifecycle.on('service:unready', (event) => {
    unready.add(event.name);
    record({ type: 'service:unready', ...named(event), reason: event.reason });
  });
  lifecycle.on('service:restarting', (event) => {
    unready.delete(event.name);
    record({
      type: 'service:restarting',
      ...named(event),
      attempt: event.attempt,
      delayMs: Math.round(event.delayMs),
      ...(event.cause === undefined ? {} : { cause: event.cause instanceof Error ? event.cause.message : JSON.stringify(event.cause) }),
    });
  });
  lifecycle.on('degraded', (event) => record({ type: 'degraded', unavailable: [...event.unavailable] }));
  lifecycle.on('service:failed', (event) => record({ type: 'service:failed', ...named(event), error: String(event.error) }));
  lifecycle.on('service:stopping', (event) => record({ type: 'service:stopping', ...named(event) }));
  lifecycle.on('service:stopped', (event) => record({ type: 'service:stopped', ...named(event) }));
  lifecycle.on('stopping', () => record({ type: 'stopping' }));
  lifecycle.on('stopped', () => record({ type: 'stopped' }));
}

function named({ name, layer }: { readonly name: string; readonly layer?: string }): { name: string; layer?: string } {
  return layer === undefined ? { name } : { name, layer };
}
