import diagnosticsChannel from 'node:diagnostics_channel';
import type { LifecycleEventName, LifecycleEvents, LifecycleListener } from './LifecycleEvents.js';
import { messageOf } from '../errors/messageOf.js';

const channels = new Map<LifecycleEventName, diagnosticsChannel.Channel>();

/** @internal The `node:diagnostics_channel` channel an event is published on: `readygraph:<event>`. */
export function channelOf(event: LifecycleEventName): diagnosticsChannel.Channel {
  let channel = channels.get(event);
  if (channel === undefined) {
    channel = diagnosticsChannel.channel(`readygraph:${event}`);
    channels.set(event, channel);
  }
  return channel;
}

/**
 * The typed listeners of one lifecycle, and its publisher on `node:diagnostics_channel`. A listener that throws
 * cannot break the lifecycle: the error is reported as a process warning and the other listeners still run.
 */
export class EventHub {
  readonly #listeners = new Map<LifecycleEventName, Set<(event: never) => void>>();
  /** Adds what channel subscribers get besides the event's fields (the lifecycle itself). */
  public channelPayload: (payload: object) => object = (payload) => payload;

  public on<E extends LifecycleEventName>(event: E, listener: LifecycleListener<E>): void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
  }

  public off<E extends LifecycleEventName>(event: E, listener: LifecycleListener<E>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  /** True if anybody listens to `event` (a listener or a channel subscriber): the payload is worth building. */
  public wants(event: LifecycleEventName): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0 || channelOf(event).hasSubscribers;
  }

  public emit<E extends LifecycleEventName>(event: E, payload: LifecycleEvents[E]): void {
    const channel = channelOf(event);
    if (channel.hasSubscribers) {
      try {
        channel.publish(this.channelPayload(payload));
      } catch (error) {
        warn(`a subscriber of channel readygraph:${event} threw`, error);
      }
    }
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    // A copy, so that a listener that removes itself (a once-listener) does not disturb this round.
    for (const listener of Array.from(set)) {
      try {
        (listener as LifecycleListener<E>)(payload);
      } catch (error) {
        warn(`a "${event}" listener threw`, error);
      }
    }
  }
}

function warn(what: string, error: unknown): void {
  process.emitWarning(`${what}: ${messageOf(error)}`, {
    code: 'READYGRAPH_LISTENER_ERROR',
    ...(error instanceof Error && error.stack !== undefined ? { detail: error.stack } : {}),
  });
}
