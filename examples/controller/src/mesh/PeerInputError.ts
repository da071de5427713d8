/** A peer sent something this controller will not act on; answered with `status` and the message, never a crash. */
export class PeerInputError extends Error {
  public override readonly name = 'PeerInputError';

  public constructor(
    /** 400: malformed; 403: not a member of this cluster. */
    public readonly status: 400 | 403,
    message: string,
  ) {
    super(message);
  }
}
