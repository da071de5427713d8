/** A failure the command line reports as one line on stderr, with its exit code (1: the check failed; 2: bad usage). */
export class CliError extends Error {
  public readonly exitCode: number;

  public constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
