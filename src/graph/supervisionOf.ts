import { resolveSupervisionPolicy, type ResolvedSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { VertexGraph } from './VertexGraph.js';

/**
 * The supervision policy of each service of the graph, by service index: the class's own `@supervise` over the
 * graph's defaults (the `supervise` option of the Lifecycle that built it).
 */
export function supervisionOf(graph: VertexGraph): ResolvedSupervisionPolicy[] {
  return graph.services.map((service) => resolveSupervisionPolicy(graph.supervisionDefaults, service.supervise));
}
