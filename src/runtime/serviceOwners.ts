import type { Container } from 'inversify';
import type { ServiceVertex } from '../graph/ServiceVertex.js';
import type { EventHub } from './EventHub.js';

/** What another Lifecycle needs of the owner of a service: its name and when the service is available there. */
export interface ServiceOwner {
  readonly name: string;
  whenReady(target: ServiceVertex['serviceIdentifier']): Promise<void>;
  isAvailable(target: ServiceVertex['serviceIdentifier']): boolean;
  /** Calls `listener` whenever availability in the owner may have changed; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

/*
 * Who runs the hooks of each service, process-wide (API.md, "Several Lifecycles: one owner per service"): the first
 * Lifecycle whose start() includes it. A service is known by what makes it one instance: a constant's value, else
 * its binding's id (inversify numbers bindings process-wide), else — a class inversify would autobind — its class in
 * the autobinding container.
 */
const byKey = new Map<unknown, ServiceOwner>();
const autobound = new WeakMap<Container, Map<Function, object>>();

function keyOf(container: Container, vertex: ServiceVertex): unknown {
  if (vertex.constant !== undefined) return vertex.constant.value;
  if (vertex.bindingId >= 0) return vertex.bindingId;
  let keys = autobound.get(container);
  if (keys === undefined) autobound.set(container, (keys = new Map()));
  let key = keys.get(vertex.implementationType);
  if (key === undefined) keys.set(vertex.implementationType, (key = {}));
  return key;
}

/** The owner of `vertex` if another Lifecycle than `self` owns it. */
export function ownerOf(container: Container, vertex: ServiceVertex, self: ServiceOwner): ServiceOwner | undefined {
  const owner = byKey.get(keyOf(container, vertex));
  return owner === undefined || owner === self ? undefined : owner;
}

/**
 * Claims every vertex nobody owns for `self`; returns the owners of the others, by vertex index, and a function that
 * gives the claims back (when `self` has stopped, so that a later Lifecycle may run them).
 */
export function claimServices(container: Container, vertices: readonly ServiceVertex[], self: ServiceOwner): { external: Map<number, ServiceOwner>; release: () => void } {
  const external = new Map<number, ServiceOwner>();
  const claimed: unknown[] = [];
  for (const vertex of vertices) {
    const key = keyOf(container, vertex);
    const owner = byKey.get(key);
    if (owner !== undefined && owner !== self) external.set(vertex.index, owner);
    else if (owner === undefined) {
      byKey.set(key, self);
      claimed.push(key);
    }
  }
  return {
    external,
    release: () => {
      for (const key of claimed) if (byKey.get(key) === self) byKey.delete(key);
    },
  };
}

/** How other Lifecycles see `lifecycle` when it owns a service they include. */
export function asOwner(
  name: string,
  lifecycle: Pick<ServiceOwner, 'whenReady' | 'isAvailable'>,
  events: EventHub,
): ServiceOwner {
  // Availability in the owner changes with these events; a listener re-reads it.
  const changes = ['service:ready', 'service:unready', 'service:failed', 'service:restarting', 'service:stopping', 'stopping'] as const;
  return {
    name,
    whenReady: (target) => lifecycle.whenReady(target),
    isAvailable: (target) => lifecycle.isAvailable(target),
    onChange: (listener) => {
      for (const event of changes) events.on(event, listener);
      return () => {
        for (const event of changes) events.off(event, listener);
      };
    },
  };
}
