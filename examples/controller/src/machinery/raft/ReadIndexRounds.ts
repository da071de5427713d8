import type { Quorum } from './Quorum.js';
import type { NodeId } from './RaftMessage.js';

/**
 * A leader's bookkeeping for linearizable reads (the ReadIndex of the Raft paper, section 8), kept by `RaftCore`.
 * The rules, each enforced below:
 *
 * - Leadership is proven in rounds. Every AppendEntries carries the {@link latest} round and every reply echoes it;
 *   a read starts a new round ({@link begin}).
 * - A round is confirmed once a majority, this node included, acknowledged it or a later one ({@link confirmed}):
 *   nobody had deposed this leader when the round began. Any reply in the leader's term counts, success or not.
 * - A read index is the commit index, but never before the first entry of the leader's term (its no-op): until
 *   that entry commits, the leader does not know what earlier terms committed.
 * - Acknowledgements belong to one term: {@link startTerm} forgets those of earlier terms.
 *
 * Whether this node still leads the read's term is the core's to check; rounds only count acknowledgements.
 */
export class ReadIndexRounds {
  readonly #quorum: Quorum;
  #latest = 0;
  /** The index of this leader's first entry of its term (its no-op): no read is served from before it. */
  #termStartIndex = 0;
  /** The latest round each peer echoed in this term. */
  readonly #acknowledged = new Map<NodeId, number>();

  constructor(quorum: Quorum) {
    this.#quorum = quorum;
  }

  /** The round every AppendEntries carries now. Rounds only grow, across terms too, so an old echo never passes for a new one. */
  get latest(): number {
    return this.#latest;
  }

  /** This node has just become leader and its term's first entry is at `termStartIndex`. */
  startTerm(termStartIndex: number): void {
    this.#termStartIndex = termStartIndex;
    this.#acknowledged.clear();
  }

  /** Starts the round of a new read and returns it with the read's index; the caller sends the round to every peer. */
  begin(commitIndex: number): { readonly index: number; readonly round: number } {
    this.#latest += 1;
    return { index: Math.max(commitIndex, this.#termStartIndex), round: this.#latest };
  }

  /** Records that `peer` answered an AppendEntries of round `round` (absent from older senders) in this term. */
  acknowledge(peer: NodeId, round: number | undefined): void {
    if (round !== undefined && round > (this.#acknowledged.get(peer) ?? 0)) this.#acknowledged.set(peer, round);
  }

  /** Whether a majority, this node included, acknowledged `round` or a later one. */
  confirmed(round: number): boolean {
    return this.#quorum.reachedBy((peer) => (this.#acknowledged.get(peer) ?? 0) >= round);
  }
}
