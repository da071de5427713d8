import { messageOf } from '../errors/messageOf.js';
import type { GraphNode } from '../graph/GraphNode.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import type { Availability } from './Availability.js';
import type { ServiceStatus } from './LifecycleStatus.js';
import type { ServiceSlot } from './ServiceSlot.js';

/** One service's entry in `status()`: times relative to `origin` (the start of `start()`), only the fields that apply. */
export function serviceStatus(slot: ServiceSlot, slots: readonly ServiceSlot[], graph: VertexGraph, availability: Availability, origin: number): ServiceStatus {
  const status: { -readonly [K in keyof ServiceStatus]: ServiceStatus[K] } = {
    name: slot.name,
    ...(slot.layer === undefined ? {} : { layer: slot.layer }),
    state: slot.state,
    dependsOn: [...(graph.nodes[slot.index]?.dependsOn ?? [])],
    available: availability.isAvailable(slot.index),
    blockedBy: availability.blockedBy(slot.index).map((index) => slots[index]?.name ?? ''),
    restarts: slot.restarts,
  };
  if (slot.state === 'unready' && slot.unreadyReason !== undefined) status.reason = slot.unreadyReason;
  if (slot.hook !== undefined) status.hook = slot.hook;
  if (slot.external !== undefined) status.owner = slot.external.name;
  if (slot.lastCause !== undefined) status.lastCause = messageOf(slot.lastCause);
  if (slot.startedAt !== undefined) status.startedAt = slot.startedAt - origin;
  if (slot.readyAt !== undefined) status.readyAt = slot.readyAt - origin;
  if (slot.stoppedAt !== undefined) status.stoppedAt = slot.stoppedAt - origin;
  const error = slot.error ?? slot.stopError;
  if (error !== undefined) status.error = messageOf(error);
  return status;
}

/** A service's entry in `status()` before the start: the graph's node, `pending`. */
export function pendingStatus(node: GraphNode): ServiceStatus {
  return { ...node, dependsOn: [...node.dependsOn], state: 'pending', available: false, blockedBy: [], restarts: 0 };
}
