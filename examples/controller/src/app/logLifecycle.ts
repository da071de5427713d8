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
  lifecycle.on('service:ready', (event) => record({ type: 'service:ready', ...named(event), durationMs: Math.round(event.durationMs) }));
  lifecycle.on('service:failed', (event) => record({ type: 'service:failed', ...named(event), error: String(event.error) }));
  lifecycle.on('service:stopping', (event) => record({ type: 'service:stopping', ...named(event) }));
  lifecycle.on('service:stopped', (event) => record({ type: 'service:stopped', ...named(event) }));
  lifecycle.on('stopping', () => record({ type: 'stopping' }));
  lifecycle.on('stopped', () => record({ type: 'stopped' }));
}

function named({ name, layer }: { readonly name: string; readonly layer?: string }): { name: string; layer?: string } {
  return layer === undefined ? { name } : { name, layer };
}
