import type { NodeId } from './RaftMessage.js';

/** The three roles of a Raft server. */
export type RaftRole = 'follower' | 'candidate' | 'leader';

/** A snapshot of one node's view, for status endpoints and tests. */
export interface RaftStatus {
  readonly id: NodeId;
  readonly role: RaftRole;
  readonly term: number;
  readonly votedFor: NodeId | null;
  /** The leader of `term` as far as this node knows (itself when leader), or `null` while unknown. */
  readonly leader: NodeId | null;
  readonly commitIndex: number;
  readonly lastApplied: number;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
  /** The other members of the cluster. */
  readonly peers: readonly NodeId[];
  /** On a leader, how far each peer's log is known to match its own; empty on other roles. */
  readonly matchIndex: Readonly<Record<NodeId, number>>;
}
