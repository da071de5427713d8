import type { Container } from 'inversify';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { containerAccessOf } from './containerAccessOf.js';
import type { ContainerAccess } from './ContainerAccess.js';
import { displayName } from './displayName.js';
import type { ServiceVertex } from './ServiceVertex.js';

/**
 * Resolves the one instance of a lifecycle service vertex through the container, through its own binding: with the
 * name or tag that selects it, among the ancestors' bindings if a chained multi-injection reached it there, and a
 * constant's value as it is. The runtime calls nothing else to construct a service, so that how a binding form is
 * resolved is decided here, beside the graph that found it; how the container's major resolves it, by its
 * {@link ContainerAccess}.
 */
export function resolveVertex(container: Container, vertex: ServiceVertex): Promise<unknown> {
  if (vertex.constant !== undefined) return Promise.resolve(vertex.constant.value);
  const access = containerAccessOf(container);
  const { name, tag, chained, count } = vertex.resolution;
  // The usual service, one binding and no name or tag, is resolved as the user would.
  if (count === 1 && !chained && name === undefined && tag === undefined) return access.get(vertex.serviceIdentifier);
  const selection = { ...(name === undefined ? {} : { name }), ...(tag === undefined ? {} : { tag }) };
  if (count === 1 && !chained) return access.get(vertex.serviceIdentifier, selection);
  return resolveOneOfMany(access, vertex, { ...selection, chained });
}

async function resolveOneOfMany(access: ContainerAccess, vertex: ServiceVertex, selection: Parameters<ContainerAccess['getAll']>[1]): Promise<unknown> {
  const { index, count } = vertex.resolution;
  const all = await access.getAll(vertex.serviceIdentifier, selection);
  if (all.length !== count) {
    throw new ReadyGraphError(
      errorCodes.usage,
      `"${vertex.name}" is one of ${count} bindings of ${displayName(vertex.serviceIdentifier)} that the graph found, but the container now ` +
        `resolves ${all.length}; the bindings changed after graph() was built: build the graph again (start() does) after changing bindings`,
    );
  }
  return all[index];
}
