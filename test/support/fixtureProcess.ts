import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** How a fixture process ended: its exit code (or the signal that killed it) and everything it printed. */
export interface FixtureEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fixture script running in a child process, and ways to wait on what it prints (never on time). */
export interface FixtureProcess {
  readonly process: ChildProcessWithoutNullStreams;
  /** Resolves once stdout has printed `line`; fails if the child exits first. */
  printed(line: string): Promise<void>;
  /** Resolves once stderr has printed something that contains `text`; fails if the child exits first. */
  reported(text: string): Promise<void>;
  /** Writes `line` to the child's stdin. */
  send(line: string): void;
  /**
   * Moves the fixture's ManualClock by `ms` (the line `advance <ms>`) and resolves once the child has acknowledged it
   * (`clock at <now>`), that is, lived through the timers that fired.
   */
  advance(ms: number): Promise<void>;
  readonly exited: Promise<FixtureEnd>;
}

/** Starts `node <script> ...args`. */
export function startFixture(script: string, ...args: string[]): FixtureProcess {
  const child = spawn(process.execPath, [script, ...args]);
  const output = { stdout: '', stderr: '' };
  const waiting: Array<{ found: () => boolean; resolve: () => void }> = [];
  const check = (): void => {
    for (const wait of Array.from(waiting)) {
      if (wait.found()) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve();
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
    check();
  });
  // A child that exits while the parent still writes must not fail the parent with EPIPE.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<FixtureEnd>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, ...output })));
  const until = (what: string, found: () => boolean): Promise<void> =>
    found()
      ? Promise.resolve()
      : Promise.race([
          new Promise<void>((resolve) => waiting.push({ found, resolve })),
          exited.then((end) => assert.fail(`exited (${end.code}) before ${what}; stdout:\n${end.stdout}\nstderr:\n${end.stderr}`)),
        ]);
  const printed = (line: string): Promise<void> => until(`printing "${line}"`, () => output.stdout.split('\n').includes(line));
  let clockAt = 0;
  return {
    process: child,
    exited,
    printed,
    reported: (text) => until(`reporting "${text}"`, () => output.stderr.includes(text)),
    send: (line) => child.stdin.write(`${line}\n`),
    advance: (ms) => {
      clockAt += ms;
      child.stdin.write(`advance ${ms}\n`);
      return printed(`clock at ${clockAt}`);
    },
  };
}
