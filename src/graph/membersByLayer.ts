import type { Layer } from '../decorators/layer.js';
import type { ServiceVertex } from './ServiceVertex.js';
import type { VertexGraph } from './VertexGraph.js';

/** The services of each layer, in binding order: one pass, however many layers there are. */
export function membersByLayer(graph: VertexGraph): Map<Layer, ServiceVertex[]> {
  const members = new Map<Layer, ServiceVertex[]>();
  for (const service of graph.services) {
    if (service.layer === undefined) continue;
    const list = members.get(service.layer);
    if (list === undefined) members.set(service.layer, [service]);
    else list.push(service);
  }
  return members;
}
