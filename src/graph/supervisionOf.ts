import { defaultSupervisionPolicy, resolveSupervisionPolicy, type ResolvedSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { VertexGraph } from './VertexGraph.js';

/**
 * The supervision policy of each service of the graph, by service index: the class's own `@supervise` over
 * `defaults` (the Lifecycle's `supervise` option, resolved; default: the library's defaults).
 */
export function supervisionOf(graph: VertexGraph, defaults: ResolvedSupervisionPolicy = defaultSupervisionPolicy): ResolvedSupervisionPolicy[] {
  return graph.services.map((service) => resolveSupervisionPolicy(defaults, service.supervise));
}
