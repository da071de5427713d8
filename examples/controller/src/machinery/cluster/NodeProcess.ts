import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { NodeEvent } from '../../app/NodeEvent.js';

/** How a controller process ended. */
export interface NodeExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The compiled controller entry point (next to this file's folder after the build). */
const nodeScript = new URL('../../../node.js', import.meta.url).pathname;
/** The race demo's entry point: the same controller, started the way the original did (see race/raceNode.ts). */
export const raceNodeScript = new URL('../../../race/raceNode.js', import.meta.url).pathname;

/**
 * A controller running as a child process: its events (the lines of its log, on its stdout, that carry a `type`), its
 * stderr, and its exit. It is started with an IPC channel, so it stops itself if this process goes away.
 */
export class NodeProcess {
  public readonly events: NodeEvent[] = [];
  public readonly exited: Promise<NodeExit>;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<(event: NodeEvent) => void>();
  private stderrText = '';
  private exit: NodeExit | undefined;

  public constructor(
    public readonly id: string,
    args: readonly string[],
    script = nodeScript,
  ) {
    // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and a controller that got SIGINT
    // from the terminal and then SIGTERM from the runner would take the second signal as "exit now" (stopOnSignals).
    // The runner alone stops the controllers; the IPC channel still ends a controller whose runner died.
    this.child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': by then stdout has been read to the end, so no event printed before exiting is lost.
      this.child.once('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrText = (this.stderrText + chunk).slice(-64 * 1024);
    });
    if (this.child.stdout !== null) {
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch {
          record = undefined;
        }
        // A log line without a `type` (a warning, a debug line) is kept with the stderr, for the reader of a failure.
        if (typeof record !== 'object' || record === null || typeof (record as { type?: unknown }).type !== 'string') {
          this.stderrText = `${this.stderrText}(log) ${line}\n`.slice(-64 * 1024);
          return;
        }
        const event = record as NodeEvent;
        this.events.push(event);
        for (const listener of this.listeners) listener(event);
      });
    }
  }

  public get pid(): number | undefined {
    return this.child.pid;
  }

  /** What the process wrote to stderr, and its log lines that are not events (the last 64 KiB). */
  public get stderr(): string {
    return this.stderrText;
  }

  /** How it ended, once it has. */
  public get exitStatus(): NodeExit | undefined {
    return this.exit;
  }

  /** Calls `listener` with every event from now on; returns the function that removes it. */
  public onEvent(listener: (event: NodeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the first event (already seen or still to come) that matches. Rejects if the process exits first or
   * after `timeoutMs`, with its stderr in the message.
   */
  public async waitFor<E extends NodeEvent>(match: (event: NodeEvent) => event is E, timeoutMs?: number): Promise<E>;
  public async waitFor(match: (event: NodeEvent) => boolean, timeoutMs?: number): Promise<NodeEvent>;
  public async waitFor(match: (event: NodeEvent) => boolean, timeoutMs = 15_000): Promise<NodeEvent> {
    const seen = this.events.find(match);
    if (seen !== undefined) return seen;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (why: string) => {
        if (settled) return;
        finish();
        reject(new Error(`controller ${this.id}: ${why}\n--- its stderr ---\n${this.stderrText}`));
      };
      const timer = setTimeout(() => fail(`no matching event within ${timeoutMs} ms`), timeoutMs);
      const remove = this.onEvent((event) => {
        if (match(event)) {
          finish();
          resolve(event);
        }
      });
      const finish = () => {
        settled = true;
        clearTimeout(timer);
        remove();
      };
      void this.exited.then((exit) => {
        if (!settled) fail(`exited (${JSON.stringify(exit)}) before the awaited event`);
      });
    });
  }

  /** Sends `signal` (default SIGTERM) unless the process has exited. */
  public signal(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.exit === undefined) this.child.kill(signal);
  }

  /**
   * Asks the process to stop with `signal` and waits for its exit. One that does not exit within `timeoutMs` is
   * killed (SIGKILL), so that nothing is left running, and the call rejects.
   */
  public async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<NodeExit> {
    this.signal(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
      throw new Error(`controller ${this.id} did not exit within ${timeoutMs} ms of ${signal}; killed\n${this.stderrText}`);
    }
    return outcome;
  }
}
