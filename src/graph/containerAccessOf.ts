import type { Container, GetAllOptions, GetOptions, ServiceIdentifier as InversifyServiceIdentifier } from 'inversify';
import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { describeValue } from '../errors/describeValue.js';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { ContainerAccess, Selection } from './ContainerAccess.js';
import { bindingReaderOf } from './inversifyAdapter.js';
import { isLegacyContainer, legacyContainerAccess, resolvesAsynchronously } from './legacyContainerAccess.js';

/** What readygraph supports, as the error of an unsupported container says it. */
export const supportedContainers = 'InversifyJS 5.1, 6, 7 (7.5.2 and later) or 8';

const accesses = new WeakMap<object, ContainerAccess>();

/**
 * The access to `container` through the API of its major, recognised from what the container object offers (never
 * from a version string): the plugin API (`register`) of InversifyJS 8 and 7.5.2+, else the binding dictionary of the
 * older codebase, with asynchronous resolution (6) or without (5.1). One per container.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for anything else, naming what was found and what is supported.
 */
export function containerAccessOf(container: unknown): ContainerAccess {
  if (typeof container !== 'object' || container === null) throw unsupported(describeValue(container));
  let access = accesses.get(container);
  if (access === undefined) {
    access = recognise(container);
    accesses.set(container, access);
  }
  return access;
}

function recognise(container: object): ContainerAccess {
  const candidate = container as Partial<Record<'register' | 'getAsync' | 'getAllAsync' | 'bind', unknown>>;
  if (typeof candidate.register === 'function' && typeof candidate.getAsync === 'function' && typeof candidate.getAllAsync === 'function') {
    return pluginContainerAccess(container as Container);
  }
  if (isLegacyContainer(container)) {
    return legacyContainerAccess(container, resolvesAsynchronously(container) ? 'InversifyJS 6' : 'InversifyJS 5.1 (synchronous resolution)');
  }
  if (typeof candidate.getAsync === 'function' && typeof candidate.bind === 'function') {
    throw unsupported(
      `an InversifyJS 7 container without the plugin API (container.register, added in 7.5.2), through which readygraph reads the bindings; upgrade inversify to 7.5.2 or later`,
    );
  }
  throw unsupported(describeValue(container));
}

function unsupported(found: string): ReadyGraphError {
  return new ReadyGraphError(errorCodes.usage, `new Lifecycle(container): container must be an ${supportedContainers} Container; got ${found}`);
}

/** InversifyJS 8 and 7.5.2+: bindings through the plugin API, resolution with `getAsync` / `getAllAsync` and options. */
function pluginContainerAccess(container: Container): ContainerAccess {
  let reader: ContainerAccess['reader'] | undefined;
  return {
    kind: 'InversifyJS 8 (or 7.5.2 and later)',
    // Registered on first read, so that recognising a container changes nothing in it.
    get reader() {
      return (reader ??= bindingReaderOf(container));
    },
    get: (serviceIdentifier: ServiceIdentifier, selection?: Selection) =>
      // The usual service, no name or tag, is resolved as the user would: without an options object.
      selection === undefined || (selection.name === undefined && selection.tag === undefined)
        ? container.getAsync(serviceIdentifier as InversifyServiceIdentifier)
        : container.getAsync(serviceIdentifier as InversifyServiceIdentifier, optionsOf(selection)),
    getAll: (serviceIdentifier, selection) => {
      const options: GetAllOptions = optionsOf(selection);
      if (selection.chained === true) options.chained = true;
      return container.getAllAsync(serviceIdentifier as InversifyServiceIdentifier, options);
    },
  };
}

function optionsOf(selection: Selection): GetOptions & GetAllOptions {
  const options: GetOptions & GetAllOptions = {};
  if (selection.name !== undefined) options.name = selection.name;
  if (selection.tag !== undefined) options.tag = selection.tag;
  return options;
}
