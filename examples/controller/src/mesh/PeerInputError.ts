/** A peer sent something this controller will not act on; answered with `status` and the message, never a crash. */
export class PeerInputError extends Error {
  public override readonly name = 'PeerInputError';

  public constructor(
    /** 400: malformed; 401: not signed by the sender it names; 403: not a member of this cluster, or speaking for another. */
    public readonly status: 400 | 401 | 403,
    message: string,
  ) {
    super(message);
  }
}
