import type { Container } from 'inversify';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { displayName } from './displayName.js';
import type { ServiceVertex } from './ReadinessGraph.js';

/**
 * Resolves the one instance of a lifecycle service vertex through the container, through its own binding. The runtime
 * calls nothing else to construct a service, so that how a binding form is resolved is decided here, beside the graph
 * that found it.
 */
export function resolveVertex(container: Container, vertex: ServiceVertex): Promise<unknown> {
  if (vertex.bindingCount === 1) return container.getAsync(vertex.serviceIdentifier);
  return resolveOneOfMany(container, vertex);
}

async function resolveOneOfMany(container: Container, vertex: ServiceVertex): Promise<unknown> {
  const all = await container.getAllAsync(vertex.serviceIdentifier);
  if (all.length !== vertex.bindingCount) {
    throw new ReadyGraphError(
      errorCodes.usage,
      `"${vertex.name}" is one of ${vertex.bindingCount} bindings of ${displayName(vertex.serviceIdentifier)}, but the container resolved ` +
        `${all.length} of them; lifecycle services behind one identifier must all resolve without a name or tag`,
    );
  }
  return all[vertex.bindingIndex];
}
