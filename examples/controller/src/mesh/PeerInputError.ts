/** A peer sent something this controller will not act on; answered with `status` and the message, never a crash. */
export class PeerInputError extends Error {
  public override readonly name = 'PeerInputError';

  public constructor(
    /**
     * 400: malformed, or beyond a limit; 401: not signed by the sender it names, or on a session this controller did
     * not open (`code: 'unknown-session'`: the sender opens a new one); 403: not a member of this cluster, or speaking
     * for another; 409: a replayed or reordered message (its counter is not above the last one accepted on its session).
     */
    public readonly status: 400 | 401 | 403 | 409,
    message: string,
    /** A word the sender acts on, sent in the answer next to the message (`unknown-session`). */
    public readonly code?: string,
  ) {
    super(message);
  }
}
