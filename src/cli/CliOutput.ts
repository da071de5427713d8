/** Where the commands write; the real streams in `main`, buffers in tests. */
export interface CliOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}
