import type { Container, GetAllOptions } from 'inversify';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { displayName } from './displayName.js';
import type { ServiceVertex } from './ServiceVertex.js';

/**
 * Resolves the one instance of a lifecycle service vertex through the container, through its own binding: with the
 * name or tag that selects it, among the ancestors' bindings if a chained multi-injection reached it there, and a
 * constant's value as it is. The runtime calls nothing else to construct a service, so that how a binding form is
 * resolved is decided here, beside the graph that found it.
 */
export function resolveVertex(container: Container, vertex: ServiceVertex): Promise<unknown> {
  if (vertex.constant !== undefined) return Promise.resolve(vertex.constant.value);
  const { name, tag, chained, count } = vertex.resolution;
  // The usual service, one binding and no name or tag, is resolved as the user would: without an options object.
  if (count === 1 && !chained && name === undefined && tag === undefined) return container.getAsync(vertex.serviceIdentifier);
  const options: GetAllOptions = {};
  if (name !== undefined) options.name = name;
  if (tag !== undefined) options.tag = tag;
  if (count === 1 && !chained) return container.getAsync(vertex.serviceIdentifier, options);
  if (chained) options.chained = true;
  return resolveOneOfMany(container, vertex, options);
}

async function resolveOneOfMany(container: Container, vertex: ServiceVertex, options: GetAllOptions): Promise<unknown> {
  const { index, count } = vertex.resolution;
  const all = await container.getAllAsync(vertex.serviceIdentifier, options);
  if (all.length !== count) {
    throw new ReadyGraphError(
      errorCodes.usage,
      `"${vertex.name}" is one of ${count} bindings of ${displayName(vertex.serviceIdentifier)} that the graph found, but the container now ` +
        `resolves ${all.length}; the bindings changed after graph() was built: build the graph again (start() does) after changing bindings`,
    );
  }
  return all[index];
}
