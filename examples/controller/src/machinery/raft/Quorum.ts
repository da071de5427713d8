import type { NodeId } from './RaftMessage.js';

/**
 * The majorities of a fixed cluster: this node and its `peers`. Votes, commitment and read confirmation all ask the
 * same question, "does this node together with the peers that agree make a majority?", and ask it here.
 */
export class Quorum {
  /** How many nodes, this one included, make a majority. */
  readonly size: number;
  readonly #peers: readonly NodeId[];

  constructor(peers: readonly NodeId[]) {
    this.#peers = peers;
    this.size = Math.floor((peers.length + 1) / 2) + 1;
  }

  /** Whether this node, which always counts, and the peers for which `agrees` holds are a majority. */
  reachedBy(agrees: (peer: NodeId) => boolean): boolean {
    let count = 1;
    for (const peer of this.#peers) if (agrees(peer)) count += 1;
    return count >= this.size;
  }
}
