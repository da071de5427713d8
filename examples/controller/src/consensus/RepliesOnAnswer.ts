/**
 * The way back of a Raft RPC over HTTP: what a node says to a peer while it handles that peer's message (a vote, an
 * acknowledgement of entries) rides back on the answer to the POST that carried the message, as an RPC's results do,
 * instead of taking a POST of its own. The core persists before it sends, so what is collected is already durable.
 *
 * `collect` wraps the handling of one message; the transport offers each outgoing message to `take` first, and sends
 * only what it does not take. Nothing is taken outside `collect`, and only messages to the peer being answered.
 */
export class RepliesOnAnswer<M extends { readonly to: string }> {
  #answering: { readonly peer: string; readonly replies: M[] } | undefined;

  /** Runs `handle` (the handling of a message from `peer`) and returns what was said to `peer` meanwhile. */
  collect(peer: string, handle: () => void): M[] {
    if (this.#answering !== undefined) throw new Error(`RepliesOnAnswer: already answering ${this.#answering.peer}; a message is handled to completion before the next`);
    const answering = { peer, replies: [] as M[] };
    this.#answering = answering;
    try {
      handle();
    } finally {
      this.#answering = undefined;
    }
    return answering.replies;
  }

  /** Takes `message` into the answer being collected if it is addressed to the peer answered; false: send it yourself. */
  take(message: M): boolean {
    if (this.#answering?.peer !== message.to) return false;
    this.#answering.replies.push(message);
    return true;
  }
}
