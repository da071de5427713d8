import { setTimeout as sleep } from 'node:timers/promises';
import { untilTrue } from '../../app/untilTrue.js';
import { classifyWrite, type WriteOutcome } from './classifyWrite.js';

/** A controller the client may write to; `url` is read at each write, so a controller that moved is followed. */
export interface WriteTarget {
  readonly id: string;
  readonly url: string;
}

/** A write that a controller acknowledged (2xx), with the value written and when (on the client's clock). */
export interface AcknowledgedWrite {
  readonly key: string;
  readonly value: { readonly n: number; readonly via: string };
  readonly at: number;
}

/** What the client saw, once stopped. */
export interface WriteTally {
  readonly acknowledged: readonly AcknowledgedWrite[];
  /** Keys of the writes that may have been committed (see classifyWrite). */
  readonly ambiguous: readonly string[];
  readonly failed: number;
}

/** How the client writes. */
export interface WriteClientOptions {
  /** Service names are `<prefix>-<n>`, n = 1, 2, …: each write its own key, so that each can be read back. Default `chaos`. */
  readonly prefix?: string;
  /** A write with no answer within this time is given up (ambiguous). Default 10000. */
  readonly timeoutMs?: number;
  /** Pause after a write that was not acknowledged, so that a cluster without a leader is not flooded. Default 50. */
  readonly retryDelayMs?: number;
  /** The client's clock, in milliseconds. Default `performance.now`. */
  readonly now?: () => number;
}

/**
 * A client that keeps writing, one write at a time, each a PUT of a new service to the next controller in turn (the
 * next again when one does not answer), and records every answer: acknowledged writes with their value, ambiguous
 * ones by key, failed ones by count. It writes from `start()` until `stop()`.
 */
export class WriteClient {
  private readonly acknowledged: AcknowledgedWrite[] = [];
  private readonly ambiguous: string[] = [];
  private failed = 0;
  private readonly watchers = new Set<() => void>();
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;

  public constructor(
    private readonly targets: () => readonly WriteTarget[],
    private readonly options: WriteClientOptions = {},
  ) {}

  /** Starts writing (once). */
  public start(): void {
    this.running ??= this.loop();
  }

  /** How many writes have been acknowledged so far. */
  public get acknowledgedCount(): number {
    return this.acknowledged.length;
  }

  /** Resolves once more than `count` writes have been acknowledged; rejects if `signal` aborts first. */
  public async whenAcknowledged(count: number, signal: AbortSignal): Promise<void> {
    await untilTrue(() => this.acknowledged.length > count, this.watchers, signal);
  }

  /** Stops writing, waits for the write in flight, and resolves with the tally. */
  public async stop(): Promise<WriteTally> {
    this.stopping.abort();
    await this.running;
    return { acknowledged: [...this.acknowledged], ambiguous: [...this.ambiguous], failed: this.failed };
  }

  private async loop(): Promise<void> {
    const prefix = this.options.prefix ?? 'chaos';
    const now = this.options.now ?? (() => performance.now());
    const signal = this.stopping.signal;
    for (let n = 1, turn = 0; !signal.aborted; n++, turn++) {
      const targets = this.targets();
      const target = targets[turn % targets.length];
      if (target === undefined) return;
      const key = `${prefix}-${n}`;
      const value = { n, via: target.id };
      const outcome = await this.put(`${target.url}/edge/management/v1/services/${key}`, value);
      if (outcome === 'acknowledged') {
        this.acknowledged.push({ key, value, at: now() });
        for (const watcher of this.watchers) watcher();
        continue;
      }
      if (outcome === 'ambiguous') this.ambiguous.push(key);
      else this.failed++;
      await sleep(this.options.retryDelayMs ?? 50, undefined, { signal }).catch(() => undefined);
    }
  }

  /** One PUT; a stop does not cut it short (its outcome would be unknown), its timeout does. */
  private async put(url: string, value: unknown): Promise<WriteOutcome> {
    try {
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(value),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      return classifyWrite({ status: response.status, body });
    } catch (error) {
      return classifyWrite({ error });
    }
  }
}
