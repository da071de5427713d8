/** A configuration file that cannot be used; the message names the file and every offending field. */
export class ConfigError extends Error {
  public override readonly name = 'ConfigError';

  public constructor(
    public readonly file: string,
    /** Dotted paths of the offending fields, e.g. `web.bind.port`; empty when the file itself is the problem. */
    public readonly fields: readonly string[],
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
