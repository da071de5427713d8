import { messageOf } from '../errors/messageOf.js';
import type { GraphNode } from '../graph/GraphNode.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import type { Availability } from './Availability.js';
import type { ServiceStatus } from './LifecycleStatus.js';
import type { ServiceMachine } from './ServiceMachine.js';

/** One service's entry in `status()`: times relative to `origin` (the start of `start()`), only the fields that apply. */
export function serviceStatus(machine: ServiceMachine, machines: readonly ServiceMachine[], graph: VertexGraph, availability: Availability, origin: number): ServiceStatus {
  const status: { -readonly [K in keyof ServiceStatus]: ServiceStatus[K] } = {
    name: machine.name,
    ...(machine.layer === undefined ? {} : { layer: machine.layer }),
    state: machine.state,
    ...(machine.vertex.deferred ? { deferred: true as const } : {}),
    dependsOn: [...(graph.nodes[machine.index]?.dependsOn ?? [])],
    available: availability.isAvailable(machine.index),
    blockedBy: availability.blockedBy(machine.index).map((index) => machines[index]?.name ?? ''),
    restarts: machine.restarts,
  };
  if (machine.state === 'unready' && machine.unreadyReason !== undefined) status.reason = machine.unreadyReason;
  if (machine.hook !== undefined) status.hook = machine.hook;
  if (machine.external !== undefined) status.owner = machine.external.name;
  if (machine.lastCause !== undefined) status.lastCause = messageOf(machine.lastCause);
  if (machine.startedAt !== undefined) status.startedAt = machine.startedAt - origin;
  if (machine.readyAt !== undefined) status.readyAt = machine.readyAt - origin;
  if (machine.stoppedAt !== undefined) status.stoppedAt = machine.stoppedAt - origin;
  const error = machine.error ?? machine.stopError;
  if (error !== undefined) status.error = messageOf(error);
  return status;
}

/** A service's entry in `status()` before the start: the graph's node, `pending`. */
export function pendingStatus(node: GraphNode): ServiceStatus {
  return { ...node, dependsOn: [...node.dependsOn], state: 'pending', available: false, blockedBy: [], restarts: 0 };
}
