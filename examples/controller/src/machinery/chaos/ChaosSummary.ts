import type { PeerView } from './peerViews.js';
import type { FaultKind } from './planFaults.js';

/** One fault as it was injected. Times are milliseconds since the loop began. */
export interface InjectedFault {
  readonly kind: FaultKind;
  readonly node: string;
  readonly atMs: number;
  /** What was done: `kill -9 (pid 123), restarted after 2000 ms`, `web onto port 45678`. */
  readonly detail: string;
  /** For a replay: the replays sent, and how many were refused (4xx). */
  readonly replays?: { readonly sent: number; readonly refused: number };
  /** From the fault to the controller ready again (its /readyz 200) with a leader agreed on; absent if it did not recover. */
  readonly recoveredAfterMs?: number;
}

/** The outcome of `npm start -- --chaos` (its `--json` line, without the processes the runner adds). */
export interface ChaosSummary {
  readonly seed: number;
  readonly durationMs: number;
  /** Faults injected, by kind, and each one in order. */
  readonly faults: { readonly kill: number; readonly reload: number; readonly replay: number; readonly movedRestart: number; readonly injected: readonly InjectedFault[] };
  /** Captured peer messages sent again (replay faults): every one must be refused; `accepted` must be 0. */
  readonly replays: { readonly sent: number; readonly refused: number; readonly accepted: number };
  readonly writes: {
    /** Answered 2xx: committed by a majority. Each is read back on every controller. */
    readonly acknowledged: number;
    /** May have been committed (the answer said so, or was lost); `committed` of them were found on a controller. */
    readonly ambiguous: number;
    readonly ambiguousCommitted: number;
    /** Refused or never sent: not committed. */
    readonly failed: number;
  };
  /** Acknowledged writes missing (or holding another value) on some controller: must be 0. */
  readonly acknowledgedLost: number;
  /** The first of them, by key and controller. */
  readonly lost: ReadonlyArray<{ readonly node: string; readonly key: string }>;
  /**
   * Longest unavailability: the longest interval, while the fault loop ran, in which the client got no write
   * acknowledged (from the loop's start to the first acknowledgement, between two, or from the last to the end).
   */
  readonly longestUnavailability: { readonly ms: number; readonly fromMs: number; readonly toMs: number };
  /** Every controller's view of every other's edge-management address at the end. */
  readonly views: readonly PeerView[];
  readonly staleViews: number;
  /** What went wrong besides lost writes and stale views: a fault that did not recover, a controller that could not be read. */
  readonly problems: readonly string[];
  /** No acknowledged write lost, no stale view, no problem. */
  readonly ok: boolean;
}
