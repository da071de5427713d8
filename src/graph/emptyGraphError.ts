import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { VertexGraph } from './VertexGraph.js';

/**
 * The error for a graph without any lifecycle service, which `start()` throws unless the option `allowEmpty` is
 * `true`, and on which `readygraph check` exits 1: starting nothing and reporting ready is the silent failure of an
 * application whose services readygraph cannot see. The message counts the container's bindings and names the usual
 * causes.
 */
export function emptyGraphError(graph: VertexGraph): ReadyGraphError {
  const count = graph.bindingCount;
  const found = count === 0 ? 'the container has no bindings' : `the container has ${count} binding${count === 1 ? '' : 's'}, none of them a lifecycle service`;
  const autobind = graph.autobinds
    ? 'this container autobinds, and classes it only constructs on container.get are seen by nothing: list them in the option services'
    : 'classes an autobind container only constructs on container.get are seen by nothing: list them in the option services';
  return new ReadyGraphError(
    errorCodes.usage,
    `the readiness graph is empty: ${found} (a class with onReady, onStop or checkHealth methods, or @inLayer, @dependsOn, @supervise or ` +
      `@deferred, or a constant with those methods). Usual causes: (1) ${autobind}; (2) hooks written as arrow-function fields ` +
      `(onReady = async () => …) are invisible before construction: write them as methods; (3) a class bound with toDynamicValue is never ` +
      `a node (readygraph cannot see its instance without calling it): bind it with .to(TheClass). To start an empty lifecycle on purpose, ` +
      `pass the option allowEmpty: true`,
  );
}
