import { unwrapLazy } from '../decorators/isLazyServiceIdentifier.js';
import { isLayer } from '../decorators/layer.js';
import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { displayName } from '../graph/displayName.js';
import type { BindingReader } from '../graph/inversifyAdapter.js';
import { Reachability } from '../graph/Reachability.js';
import type { VertexGraph } from '../graph/VertexGraph.js';

/**
 * The vertices a `whenReady` / `restart` target stands for: a layer its vertex (a layer nobody uses: the layers it
 * depends on), a lifecycle service itself, a plain service the lifecycle services it reaches by injection.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` if `target` is neither a layer nor bound; `caller` names the call.
 */
export function targetVertices(graph: VertexGraph, reader: BindingReader, rawTarget: unknown, caller: string): number[] {
  const target = unwrapLazy(rawTarget);
  if (isLayer(target)) {
    const vertex = graph.layerVertexOf(target);
    if (vertex === undefined) return target.dependsOn.flatMap((dependency) => targetVertices(graph, reader, dependency, caller));
    return [vertex];
  }
  const identifier = typeof target === 'function' || typeof target === 'symbol' || typeof target === 'string' ? target : undefined;
  if (identifier !== undefined && reader.bindings(identifier).length > 0) {
    return [...new Reachability(reader, graph.vertices).ofServiceIdentifier(identifier).keys()];
  }
  throw new ReadyGraphError(
    errorCodes.usage,
    `${caller}(${describeTarget(target)}): not bound in the container and not a layer; bind it first, or name a service or layer that is`,
  );
}

/** How a target is named in messages: `layer "web"`, `"Db"`. */
export function describeTarget(target: unknown): string {
  if (isLayer(target)) return `layer "${target.name}"`;
  return typeof target === 'function' || typeof target === 'symbol' ? displayName(target) : describeValue(target);
}
