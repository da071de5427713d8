import type { LogEntry } from './LogEntry.js';

/** A cluster member's id, fixed for its lifetime (membership change is out of scope). */
export type NodeId = string;

/** Fields every Raft RPC carries: who sent it, to whom, and the sender's current term. */
interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
}

/** Sent by a candidate to ask for a vote (Figure 2, RequestVote arguments). */
export interface RequestVote extends Envelope {
  readonly type: 'RequestVote';
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

/** The answer to {@link RequestVote}; `term` lets a stale candidate step down. */
export interface RequestVoteResult extends Envelope {
  readonly type: 'RequestVoteResult';
  readonly voteGranted: boolean;
}

/**
 * Sent by the leader to replicate `entries` (empty for a heartbeat). The follower accepts only if its log holds an
 * entry at `prevLogIndex` with `prevLogTerm`: that consistency check is what keeps all logs prefix-consistent.
 */
export interface AppendEntries<C> extends Envelope {
  readonly type: 'AppendEntries';
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly LogEntry<C>[];
  readonly leaderCommit: number;
  /**
   * Not in Figure 2: the leader's latest leadership round (see `RaftCore.readIndex`), echoed in the reply, so that a
   * leader learns which of its rounds a follower acknowledged. Absent from older senders.
   */
  readonly round?: number | undefined;
}

/**
 * The answer to {@link AppendEntries}. Figure 2 has only `term` and `success`; `matchIndex` is added because replies
 * can arrive late, twice or out of order, so the leader must learn which request a reply is about.
 */
export interface AppendEntriesResult extends Envelope {
  readonly type: 'AppendEntriesResult';
  readonly success: boolean;
  /**
   * On success, the follower's log equals the leader's up to and including this index. On failure, the follower's
   * log cannot match beyond this index, so the leader retries with `prevLogIndex` at most this (faster than stepping
   * back one entry per round trip when the follower is far behind).
   */
  readonly matchIndex: number;
  /** The `round` of the AppendEntries this answers, echoed. */
  readonly round?: number | undefined;
}

/** Every message Raft nodes exchange. */
export type RaftMessage<C> = RequestVote | RequestVoteResult | AppendEntries<C> | AppendEntriesResult;
