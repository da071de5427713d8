import { type Dag, dependentsOf } from './Dag.js';

/**
 * Which services of a graph fail in scenario F, and which restart with their dependencies (`restartWithDependencies`).
 * `k`: one service fails and exactly k of its dependents restart with it; `'storm'`: every service fails at once and
 * every one restarts with its dependencies, so that the restart sets overlap as much as they can.
 */
export type Failing = number | 'storm';

export interface RestartCase {
  /** The services whose `fail()` is called, in that order. */
  readonly failed: readonly number[];
  /** By service: whether it has `restartWithDependencies: true`. */
  readonly restartsWithDependencies: readonly boolean[];
  /**
   * Every service that restarts (the union of the restart sets, API.md "Precise rules"): the failed ones plus,
   * repeatedly, every service with `restartWithDependencies` that depends directly on a member. Increasing.
   */
  readonly members: readonly number[];
}

/**
 * The case for `failing`. For k, the failed service is the first (lowest-numbered) one with at least k dependents,
 * direct or not, and the first k of those dependents by number restart with it: every dependent's chain from the
 * failed service runs through lower-numbered dependents (the numbering is topological), so those k are exactly its
 * restart set besides itself. The others are held unavailable while it restarts.
 *
 * @throws Error when no service has k dependents (a graph too small for the case).
 */
export function restartCaseOf(dag: Dag, failing: Failing): RestartCase {
  if (failing === 'storm') {
    const everyone = Array.from({ length: dag.size }, (_, node) => node);
    return { failed: everyone, restartsWithDependencies: everyone.map(() => true), members: everyone };
  }
  const dependents = dependentsOf(dag);
  for (let node = 0; node < dag.size; node++) {
    const below = transitiveDependents(dependents, node);
    if (below.length < failing) continue;
    const chosen = below.slice(0, failing);
    const restartsWithDependencies = Array.from({ length: dag.size }, () => false);
    for (const member of chosen) restartsWithDependencies[member] = true;
    const members = restartSetOf(dependents, [node], restartsWithDependencies);
    if (members.length !== failing + 1) throw new Error(`restart case k=${failing}: the restart set of S${node} has ${members.length} services, not ${failing + 1}`);
    return { failed: [node], restartsWithDependencies, members };
  }
  throw new Error(`restart case k=${failing}: no service of this ${dag.size}-service graph has ${failing} dependents; use a smaller k or a larger graph`);
}

/** Every service that depends on `node`, directly or not, in increasing order. */
function transitiveDependents(dependents: ReadonlyArray<readonly number[]>, node: number): number[] {
  const seen = new Set<number>();
  const stack = [node];
  while (stack.length > 0) {
    for (const dependent of dependents[stack.pop() as number] ?? []) {
      if (seen.has(dependent)) continue;
      seen.add(dependent);
      stack.push(dependent);
    }
  }
  return [...seen].sort((a, b) => a - b);
}

/** The failed services plus, repeatedly, every service with `restartWithDependencies` that depends directly on a member. */
function restartSetOf(dependents: ReadonlyArray<readonly number[]>, failed: readonly number[], restartsWithDependencies: readonly boolean[]): number[] {
  const members = new Set(failed);
  const queue = [...failed];
  for (let head = 0; head < queue.length; head++) {
    for (const dependent of dependents[queue[head] as number] ?? []) {
      if (members.has(dependent) || restartsWithDependencies[dependent] !== true) continue;
      members.add(dependent);
      queue.push(dependent);
    }
  }
  return [...members].sort((a, b) => a - b);
}
