import type { NodeEvent, NodeEventInput } from './NodeEvent.js';

/**
 * Where the services report what happened (a dial, a hello, the server listening). The process entry point writes
 * each event to stdout; tests read them. Times are milliseconds since the journal was made, i.e. since start-up.
 */
export class EventJournal {
  private readonly origin = performance.now();
  private readonly listeners = new Set<(event: NodeEvent) => void>();

  /** Stamps `event` with the time and hands it to every listener. */
  public record(event: NodeEventInput): void {
    const stamped = { t: Math.round(performance.now() - this.origin), ...event };
    for (const listener of this.listeners) listener(stamped);
  }

  /** Adds a listener; returns the function that removes it. */
  public subscribe(listener: (event: NodeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
