import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { EdgeKind } from './EdgeKind.js';
import type { VertexGraph } from './VertexGraph.js';

const edgeWords: Record<EdgeKind, string> = { declared: '@dependsOn', layer: 'its layer', injected: 'injection' };

/**
 * A deferred service must not gate readiness: no service that is not deferred may wait for one, directly or through
 * a layer (a layer waits for every member, and a member for every layer its own layer depends on). Deferred services
 * may depend on anything. One pass over the edges, in topological order.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` naming the first such edge: the service, the deferred one, and how.
 */
export function assertDeferredGateNothing(graph: VertexGraph): void {
  // The deferred service a vertex waits for (itself for a deferred service; for a layer, one behind it), or -1.
  const gate = new Int32Array(graph.vertices.length).fill(-1);
  const { edgeList } = graph;
  const edgeKindOf = (from: number, to: number): EdgeKind => {
    for (let edge = 0; edge < edgeList.size; edge += 1) if (edgeList.from[edge] === from && edgeList.to[edge] === to) return edgeList.kinds[edge] as EdgeKind;
    return 'layer';
  };
  for (const vertex of graph.topologicalOrder) {
    const current = graph.vertices[vertex];
    if (current?.kind === 'service') {
      if (current.deferred) {
        gate[vertex] = vertex;
        continue;
      }
      for (const dependency of graph.dependencies.list(vertex)) {
        const deferred = gate[dependency] as number;
        if (deferred < 0) continue;
        const through = dependency === deferred ? '' : ` through layer "${graph.vertices[dependency]?.name ?? ''}"`;
        const name = current.name;
        const other = graph.vertices[deferred]?.name ?? '';
        throw new ReadyGraphError(
          errorCodes.usage,
          `"${name}" is not deferred but depends on "${other}"${through} (by ${edgeWords[edgeKindOf(vertex, dependency)]}), which is deferred: ` +
            `"${name}" would wait for it, so "${other}" would gate readiness after all. Make "${name}" deferred too (@deferred()), ` +
            `or remove the dependency (a deferred service may depend on anything, not the other way round)`,
          { service: name, dependency: other },
        );
      }
    } else {
      for (const dependency of graph.dependencies.list(vertex)) {
        if ((gate[dependency] as number) >= 0) {
          gate[vertex] = gate[dependency] as number;
          break;
        }
      }
    }
  }
}
