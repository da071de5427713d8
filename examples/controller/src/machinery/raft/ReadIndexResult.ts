import type { NodeId } from './RaftMessage.js';

/**
 * The answer to `RaftCore.readIndex` (the ReadIndex of the Raft paper, section 8). Accepted: this node is the leader
 * of `term`, and a read is linearizable once `RaftCore.readConfirmed(result)` says `'confirmed'` (a majority
 * acknowledged this leader after the read began) and the node has applied up to `index`.
 */
export type ReadIndexResult =
  | { readonly accepted: true; readonly index: number; readonly term: number; readonly round: number }
  /** Only a leader gives a read index; `leader` is who to ask instead, `null` while unknown. */
  | { readonly accepted: false; readonly leader: NodeId | null };
