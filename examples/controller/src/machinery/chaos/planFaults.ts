import type { Random } from '../raft/seededRandom.js';

/**
 * A fault the chaos loop injects: `kill` (SIGKILL, then a restart), `reload` (the web layer onto a new port),
 * `replay` (captured peer messages sent again) or `moved-restart` (two controllers moved, then both killed and
 * restarted, the others paused until the two have a leader).
 */
export type FaultKind = 'kill' | 'reload' | 'replay' | 'moved-restart';

/** The kinds in the order a plan takes them before it shuffles them: a plan of four faults has one of each. */
const rotation: readonly FaultKind[] = ['kill', 'reload', 'replay', 'moved-restart'];

/** One planned fault: what, and on which controller. */
export interface PlannedFault {
  readonly kind: FaultKind;
  readonly node: string;
}

/**
 * Plans `count` faults, their kinds taken in turn from kill, reload, replay, moved-restart (so that two faults are a
 * kill and a reload, four one of each; a cluster of one controller has no peer to replay to or move with, and gets
 * kills and reloads only); their order and each one's controller are drawn from `random`. Pure: the same random
 * source plans the same faults. Throws a RangeError for a count that is not a positive integer or no controllers.
 */
export function planFaults(options: { count: number; nodes: readonly string[]; random: Random }): PlannedFault[] {
  const { count, nodes, random } = options;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`planFaults: count must be an integer >= 1, got ${count}`);
  if (nodes.length === 0) throw new RangeError('planFaults: no controllers to inject faults into; give at least one');
  const available = nodes.length === 1 ? rotation.slice(0, 2) : rotation;
  const kinds: FaultKind[] = Array.from({ length: count }, (_, index) => available[index % available.length] ?? 'kill');
  // Fisher–Yates, drawing from the seeded source.
  for (let index = kinds.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [kinds[index], kinds[other]] = [kinds[other] ?? 'kill', kinds[index] ?? 'kill'];
  }
  return kinds.map((kind) => ({ kind, node: nodes[Math.floor(random() * nodes.length)] ?? nodes[0] ?? '' }));
}
