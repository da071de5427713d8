import { MemoryRaftStorage, RaftCore } from '../../../../src/machinery/raft/index.js';
import type { AppliedEntry, LogEntry, PersistentChange, PersistentState, RaftCoreOptions, RaftMessage } from '../../../../src/machinery/raft/index.js';

/** Everything a core did, in the order it did it. */
export type ProbeCall =
  | { readonly kind: 'persist'; readonly change: PersistentChange<string> }
  | { readonly kind: 'send'; readonly message: RaftMessage<string> }
  | { readonly kind: 'apply'; readonly entry: AppliedEntry<string> };

export interface Probe {
  readonly core: RaftCore<string>;
  readonly storage: MemoryRaftStorage<string>;
  readonly calls: ProbeCall[];
  /** The simulated time the core reads; set it, then call `tick()`. */
  readonly clock: { time: number; now(): number };
  /** Messages sent since the last call of `sent()`, which empties the list. */
  sent(): RaftMessage<string>[];
  applied(): AppliedEntry<string>[];
  /** A new core over the same storage, as after a crash. */
  restart(): Probe;
}

export interface ProbeOptions {
  readonly id?: string;
  readonly peers?: readonly string[];
  readonly state?: PersistentState<string>;
  /** Fixed value for the random source: 0 gives the shortest election timeout (150 ms). */
  readonly random?: number;
  readonly overrides?: Partial<RaftCoreOptions<string>>;
}

/** One core with recording storage, transport and state machine, for tests of single rules. */
export function probe(options: ProbeOptions = {}, shared?: { storage: MemoryRaftStorage<string>; clock: Probe['clock'] }): Probe {
  const storage = shared?.storage ?? new MemoryRaftStorage<string>(options.state);
  const clock: Probe['clock'] = shared?.clock ?? {
    time: 0,
    now() {
      return this.time;
    },
  };
  const calls: ProbeCall[] = [];
  let unread: RaftMessage<string>[] = [];
  const recordingStorage = {
    load: () => storage.load(),
    persist: (change: PersistentChange<string>) => {
      calls.push({ kind: 'persist', change });
      storage.persist(change);
    },
  };
  const core = new RaftCore<string>({
    id: options.id ?? 'n1',
    peers: options.peers ?? ['n2', 'n3'],
    storage: recordingStorage,
    transport: {
      send: (message) => {
        calls.push({ kind: 'send', message });
        unread.push(message);
      },
    },
    stateMachine: { apply: (entry) => calls.push({ kind: 'apply', entry }) },
    clock,
    random: () => options.random ?? 0,
    ...options.overrides,
  });
  return {
    core,
    storage,
    calls,
    clock,
    sent: () => {
      const messages = unread;
      unread = [];
      return messages;
    },
    applied: () => calls.flatMap((call) => (call.kind === 'apply' ? [call.entry] : [])),
    restart: () => probe(options, { storage, clock }),
  };
}

/** Builds a log from terms, with commands named after their position: `log(1, 1, 2)` → `a@1, b@1, c@2`. */
export function log(...terms: number[]): LogEntry<string>[] {
  return terms.map((term, i) => ({ term, kind: 'command', command: String.fromCharCode(97 + i) }));
}

/** Makes `p` (a follower) leader of the next term with votes from `voters`, and discards what it sent so far. */
export function elect(p: Probe, ...voters: string[]): void {
  p.clock.time += 300;
  p.core.tick();
  const { term, id } = p.core.status();
  for (const voter of voters.length === 0 ? ['n2'] : voters) p.core.receive({ type: 'RequestVoteResult', from: voter, to: id, term, voteGranted: true });
  if (p.core.status().role !== 'leader') throw new Error(`elect: ${p.core.status().id} did not become leader`);
  p.sent();
}
