import type { Lifecycle } from 'readygraph';
import type { EventJournal } from './EventJournal.js';

/**
 * Reports the lifecycle to the journal: first the readiness graph (services, layers, levels), then every service's
 * transitions with their layer, so that a reader can follow the start-up layer by layer.
 */
export function journalLifecycle(lifecycle: Lifecycle, journal: EventJournal): void {
  const graph = lifecycle.graph();
  journal.record({
    type: 'graph',
    mode: 'ordered',
    services: graph.nodes.map((node) => ({ ...named(node), dependsOn: [...node.dependsOn] })),
    levels: graph.levels(),
  });
  lifecycle.on('service:starting', (event) => journal.record({ type: 'service:starting', ...named(event) }));
  lifecycle.on('service:ready', (event) => journal.record({ type: 'service:ready', ...named(event), durationMs: Math.round(event.durationMs) }));
  lifecycle.on('service:failed', (event) => journal.record({ type: 'service:failed', ...named(event), error: String(event.error) }));
  lifecycle.on('service:stopping', (event) => journal.record({ type: 'service:stopping', ...named(event) }));
  lifecycle.on('service:stopped', (event) => journal.record({ type: 'service:stopped', ...named(event) }));
  lifecycle.on('stopping', () => journal.record({ type: 'stopping' }));
  lifecycle.on('stopped', () => journal.record({ type: 'stopped' }));
}

function named({ name, layer }: { readonly name: string; readonly layer?: string }): { name: string; layer?: string } {
  return layer === undefined ? { name } : { name, layer };
}
