import type { Random } from '../raft/seededRandom.js';

/** A fault the chaos loop injects: `kill` (SIGKILL, then a restart) or `reload` (the web layer onto a new port). */
export type FaultKind = 'kill' | 'reload';

/** One planned fault: what, and on which controller. */
export interface PlannedFault {
  readonly kind: FaultKind;
  readonly node: string;
}

/**
 * Plans `count` faults: half of them kills (the odd one out, too), half reloads, so that a loop of two or more
 * injects both kinds; their order and each one's controller are drawn from `random`. Pure: the same random source
 * plans the same faults. Throws a RangeError for a count that is not a positive integer or no controllers.
 */
export function planFaults(options: { count: number; nodes: readonly string[]; random: Random }): PlannedFault[] {
  const { count, nodes, random } = options;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`planFaults: count must be an integer >= 1, got ${count}`);
  if (nodes.length === 0) throw new RangeError('planFaults: no controllers to inject faults into; give at least one');
  const kinds: FaultKind[] = Array.from({ length: count }, (_, index) => (index < Math.ceil(count / 2) ? 'kill' : 'reload'));
  // Fisher–Yates, drawing from the seeded source.
  for (let index = kinds.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [kinds[index], kinds[other]] = [kinds[other] ?? 'kill', kinds[index] ?? 'kill'];
  }
  return kinds.map((kind) => ({ kind, node: nodes[Math.floor(random() * nodes.length)] ?? nodes[0] ?? '' }));
}
