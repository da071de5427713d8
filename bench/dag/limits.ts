import { type Dag, levelsOf } from './Dag.js';

/**
 * The physical limit of a start: the longest chain of hook durations through the graph (the critical path). No
 * scheduler can finish sooner, however many hooks it runs at once. The same bound holds for a stop in reverse.
 */
export function criticalPathMs(dag: Dag, durations: readonly number[]): number {
  const finish: number[] = [];
  let longest = 0;
  dag.deps.forEach((deps, node) => {
    let ready = 0;
    for (const dep of deps) ready = Math.max(ready, finish[dep] ?? 0);
    const end = ready + (durations[node] ?? 0);
    finish[node] = end;
    longest = Math.max(longest, end);
  });
  return longest;
}

/** What a scheduler that waits for a whole level before starting the next one takes: the sum of each level's longest hook. */
export function levelByLevelMs(dag: Dag, durations: readonly number[]): number {
  const slowest: number[] = [];
  levelsOf(dag).forEach((level, node) => {
    slowest[level] = Math.max(slowest[level] ?? 0, durations[node] ?? 0);
  });
  return slowest.reduce((sum, ms) => sum + ms, 0);
}

/** What a scheduler that runs one hook at a time takes. */
export function serialMs(durations: readonly number[]): number {
  return durations.reduce((sum, ms) => sum + ms, 0);
}
