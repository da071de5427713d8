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
 *
 * Most processes run one Lifecycle: a claim made while nobody else holds one is kept as its list of vertices, and
 * written out key by key (`byKey`) only when a second owner comes — a start of 10,000 services then costs no map of
 * 10,000 keys.
 */
const byKey = new Map<unknown, ServiceOwner>();
const autobound = new WeakMap<Container, Map<Function, object>>();

/** A claim not yet written out: everything it lists is its owner's (nobody else held a claim when it was made). */
interface PendingClaim {
  readonly owner: ServiceOwner;
  readonly container: Container;
  readonly vertices: readonly ServiceVertex[];
}
const pending = new Set<PendingClaim>();
/** How many keys of `byKey` each owner holds (owners holding none are not listed). */
const keysHeld = new Map<ServiceOwner, number>();

function keyOf(container: Container, vertex: ServiceVertex): unknown {
  if (vertex.constant !== undefined) return vertex.constant.value;
  if (vertex.bindingId >= 0) return vertex.bindingId;
  let keys = autobound.get(container);
  if (keys === undefined) autobound.set(container, (keys = new Map()));
  let key = keys.get(vertex.implementationType);
  if (key === undefined) keys.set(vertex.implementationType, (key = {}));
  return key;
}

/** True if an owner other than `self` holds a claim (pending or written out). */
function othersClaim(self: ServiceOwner): boolean {
  for (const claim of pending) if (claim.owner !== self) return true;
  for (const owner of keysHeld.keys()) if (owner !== self) return true;
  return false;
}

/** Writes every pending claim out into `byKey`, in the order they were made. */
function writeOutPending(): void {
  for (const claim of pending) {
    let held = keysHeld.get(claim.owner) ?? 0;
    for (const vertex of claim.vertices) {
      const key = keyOf(claim.container, vertex);
      if (byKey.has(key)) continue;
      byKey.set(key, claim.owner);
      held += 1;
    }
    if (held > 0) keysHeld.set(claim.owner, held);
  }
  pending.clear();
}

/** The owner of `vertex` if another Lifecycle than `self` owns it. */
export function ownerOf(container: Container, vertex: ServiceVertex, self: ServiceOwner): ServiceOwner | undefined {
  if (!othersClaim(self)) return undefined;
  writeOutPending();
  const owner = byKey.get(keyOf(container, vertex));
  return owner === undefined || owner === self ? undefined : owner;
}

/**
 * Claims every vertex nobody owns for `self`; returns the owners of the others, by vertex index, and a function that
 * gives the claims back (when `self` has stopped, so that a later Lifecycle may run them).
 */
export function claimServices(container: Container, vertices: readonly ServiceVertex[], self: ServiceOwner): { external: Map<number, ServiceOwner>; release: () => void } {
  const external = new Map<number, ServiceOwner>();
  if (!othersClaim(self)) {
    const claim: PendingClaim = { owner: self, container, vertices };
    pending.add(claim);
    return {
      external,
      release: () => {
        if (pending.delete(claim)) return;
        // Written out since (a second owner came): give back its keys.
        for (const vertex of vertices) releaseKey(keyOf(container, vertex), self);
      },
    };
  }
  writeOutPending();
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
  if (claimed.length > 0) keysHeld.set(self, (keysHeld.get(self) ?? 0) + claimed.length);
  return {
    external,
    release: () => {
      for (const key of claimed) releaseKey(key, self);
    },
  };
}

function releaseKey(key: unknown, self: ServiceOwner): void {
  if (byKey.get(key) !== self) return;
  byKey.delete(key);
  const held = (keysHeld.get(self) ?? 1) - 1;
  if (held > 0) keysHeld.set(self, held);
  else keysHeld.delete(self);
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
