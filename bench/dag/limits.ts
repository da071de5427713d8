import { type Dag, dependentsOf, levelsOf } from './Dag.js';
import type { RestartCase } from './RestartCase.js';

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

/**
 * The physical limit of a restart (scenario F): from the failures to every member of the restart sets ready again,
 * if every hook ran the moment the rules allow it (API.md, "A restart" and "Invariants"). A member's `onStop` waits
 * for the `onStop` of each dependent that restarts with it (reverse order within a restart set, the failed service's
 * own last); its `onReady` waits for its own `onStop` (hooks of one service never overlap; zero backoff) and for
 * each dependency that restarts to be ready again. For one failed service this is the stops' critical path through
 * its restart set plus the starts' critical path through it.
 */
export function restartCriticalPathMs(dag: Dag, restart: RestartCase, startMs: readonly number[], stopMs: readonly number[]): number {
  const restarting = new Uint8Array(dag.size);
  for (const member of restart.members) restarting[member] = 1;
  const dependents = dependentsOf(dag);
  // Dependents have higher numbers: walking down the numbers, every dependent's stop is known before its dependency's.
  const stopped: number[] = [];
  for (let node = dag.size - 1; node >= 0; node--) {
    if (restarting[node] !== 1) continue;
    let after = 0;
    for (const dependent of dependents[node] ?? []) {
      if (restarting[dependent] === 1 && restart.restartsWithDependencies[dependent] === true) after = Math.max(after, stopped[dependent] ?? 0);
    }
    stopped[node] = after + (stopMs[node] ?? 0);
  }
  const ready: number[] = [];
  let longest = 0;
  dag.deps.forEach((deps, node) => {
    if (restarting[node] !== 1) return;
    let after = stopped[node] ?? 0;
    for (const dep of deps) if (restarting[dep] === 1) after = Math.max(after, ready[dep] ?? 0);
    ready[node] = after + (startMs[node] ?? 0);
    longest = Math.max(longest, ready[node]);
  });
  return longest;
}
