import { closeSync, constants, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { HardState, LogEntry, PersistentChange, PersistentState, RaftStorage } from '../machinery/raft/index.js';

const hardStateSchema = z.strictObject({ currentTerm: z.int().min(0), votedFor: z.string().min(1).nullable() });

/**
 * Figure 2's persistent state on disk, in `<dir>`: `hard-state.json` (currentTerm and votedFor, replaced atomically:
 * write a temporary file, fsync, rename, fsync the directory) and `log.jsonl` (one entry a line, entry `i` on line
 * `i`; appended and truncated in place, then fsync'd). Every call is synchronous, because the Raft core persists
 * before it sends and its `persist` returns nothing to wait for; it returns only once the change is durable.
 *
 * Within one `persist`, the hard state is written before the log: a crash between the two leaves a newer term with
 * an older log, which is a state the node could have been in anyway (the message that brought the entries never
 * arrived). The other order could leave entries of a term the node does not know it is in.
 *
 * It never writes what `open` would refuse: a hard state or an entry that does not match its schema (a term beyond
 * `Number.MAX_SAFE_INTEGER`, say) throws before anything is written, so a node cannot lock itself out of its own data.
 *
 * On open, a last line without its newline, or one that does not parse, is a write torn by a crash: `persist` had not
 * returned, so nothing depended on it, and it is cut off. A bad line before the last is corruption: opening fails.
 */
export class DiskRaftStorage<C> implements RaftStorage<C> {
  readonly #dir: string;
  readonly #logFd: number;
  readonly #entrySchema: z.ZodType<LogEntry<C>>;
  /** Byte offset at which entry `i` starts is `#offsets[i - 1]`; `#size` is where the next one goes. */
  readonly #offsets: number[];
  #size: number;
  #hardState: HardState;
  #entries: LogEntry<C>[] | undefined;

  private constructor(dir: string, logFd: number, entrySchema: z.ZodType<LogEntry<C>>, hardState: HardState, entries: LogEntry<C>[], offsets: number[], size: number) {
    this.#dir = dir;
    this.#entrySchema = entrySchema;
    this.#logFd = logFd;
    this.#hardState = hardState;
    this.#entries = entries;
    this.#offsets = offsets;
    this.#size = size;
  }

  /**
   * Opens (creating it if needed) the state in `dir`; `entrySchema` validates each log entry read back.
   *
   * @throws Error when a file is corrupt (a bad hard state, a bad log line before the last).
   */
  public static open<C>(dir: string, entrySchema: z.ZodType<LogEntry<C>>): DiskRaftStorage<C> {
    mkdirSync(dir, { recursive: true });
    const hardStateFile = join(dir, 'hard-state.json');
    let hardState: HardState = { currentTerm: 0, votedFor: null };
    const hardText = readIfExists(hardStateFile);
    if (hardText !== undefined) {
      const parsed = hardStateSchema.safeParse(safeJson(hardText));
      if (!parsed.success) throw new Error(`raft state ${hardStateFile} is corrupt: ${parsed.error.message}`);
      hardState = parsed.data;
    }

    const logFile = join(dir, 'log.jsonl');
    const fd = openSync(logFile, constants.O_RDWR | constants.O_CREAT, 0o600);
    const bytes = readFileSync(fd);
    const entries: LogEntry<C>[] = [];
    const offsets: number[] = [];
    let position = 0;
    while (position < bytes.length) {
      const end = bytes.indexOf(0x0a, position);
      const parsed = end === -1 ? undefined : entrySchema.safeParse(safeJson(bytes.subarray(position, end).toString('utf8')));
      if (parsed === undefined || !parsed.success) {
        if (end === -1 || end === bytes.length - 1) break; // the torn tail of a write that never returned
        closeSync(fd);
        throw new Error(`raft log ${logFile} is corrupt at entry ${entries.length + 1} (byte ${position})`);
      }
      offsets.push(position);
      entries.push(parsed.data);
      position = end + 1;
    }
    if (position < bytes.length) {
      ftruncateSync(fd, position);
      fsyncSync(fd);
    }
    return new DiskRaftStorage(dir, fd, entrySchema, hardState, entries, offsets, position);
  }

  /** The state as opened; the core calls it once, and the copy is then dropped (the core keeps its own log). */
  public load(): PersistentState<C> {
    const log = this.#entries ?? [];
    this.#entries = undefined;
    return { ...this.#hardState, log };
  }

  /** @throws RangeError when the change holds what `open` would refuse to read back; nothing is written then. */
  public persist(change: PersistentChange<C>): void {
    const { currentTerm, votedFor } = change.hardState;
    const hard = hardStateSchema.safeParse({ currentTerm, votedFor });
    if (!hard.success) throw new RangeError(`raft state: refusing to persist a hard state it could not read back (${hard.error.issues[0]?.message ?? 'invalid'}): ${JSON.stringify({ currentTerm, votedFor })}`);
    const bad = change.log?.entries.findIndex((entry) => !this.#entrySchema.safeParse(entry).success) ?? -1;
    if (bad !== -1) throw new RangeError(`raft log: refusing to persist entry ${(change.log?.fromIndex ?? 0) + bad} that it could not read back`);
    if (currentTerm !== this.#hardState.currentTerm || votedFor !== this.#hardState.votedFor) this.#writeHardState({ currentTerm, votedFor });
    if (change.log !== undefined) this.#writeLog(change.log.fromIndex, change.log.entries);
  }

  /** Closes the log file. */
  public close(): void {
    closeSync(this.#logFd);
  }

  #writeHardState(hardState: HardState): void {
    const file = join(this.#dir, 'hard-state.json');
    const temporary = `${file}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeFileSync(fd, `${JSON.stringify(hardState)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
    const dirFd = openSync(this.#dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    this.#hardState = hardState;
  }

  #writeLog(fromIndex: number, entries: readonly LogEntry<C>[]): void {
    if (fromIndex - 1 < this.#offsets.length) {
      this.#size = this.#offsets[fromIndex - 1] ?? this.#size;
      this.#offsets.length = fromIndex - 1;
      ftruncateSync(this.#logFd, this.#size);
    } else if (fromIndex - 1 > this.#offsets.length) {
      throw new RangeError(`raft log: cannot write entry ${fromIndex} after ${this.#offsets.length} entries`);
    }
    const lines = entries.map((entry) => Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8'));
    for (const line of lines) {
      this.#offsets.push(this.#size);
      this.#size += line.length;
    }
    const buffer = Buffer.concat(lines);
    let written = 0;
    while (written < buffer.length) written += writeSync(this.#logFd, buffer, written, buffer.length - written, this.#size - buffer.length + written);
    fsyncSync(this.#logFd);
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
