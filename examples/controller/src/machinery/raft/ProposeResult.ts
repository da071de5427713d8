import type { NodeId } from './RaftMessage.js';

/**
 * The answer to `RaftCore.propose`. Accepted means appended to the leader's log, not committed: the entry is committed
 * once an entry with this `index` and `term` is applied (see `ProposalTracker`). A different term at that index means
 * the proposal was lost to a leader change and may be retried.
 */
export type ProposeResult =
  | { readonly accepted: true; readonly index: number; readonly term: number }
  /** Only a leader takes proposals; `leader` is where to forward or redirect the client, `null` while unknown. */
  | { readonly accepted: false; readonly leader: NodeId | null };
