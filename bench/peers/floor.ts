import { dependentsOf } from '../dag/Dag.js';
import type { Peer } from './Peer.js';

/**
 * The floor: no dependency injection at all. Plain functions, a count of unfinished dependencies per node, and a
 * callback that starts a node the moment its count reaches zero (Kahn's algorithm driven by promise callbacks).
 * Stop is the same in reverse. Whatever a real lifecycle system adds is measured against this.
 */
export const floor: Peer = {
  define(workload, probe) {
    const { dag } = workload;
    const starts = Array.from({ length: dag.size }, (_, node) => () => probe.start(node));
    const stops = Array.from({ length: dag.size }, (_, node) => () => probe.stop(node));
    let dependents: number[][] = [];
    return {
      async boot() {
        dependents = dependentsOf(dag);
        const waitingOn = dag.deps.map((deps) => deps.length);
        await runKahn(starts, waitingOn, dependents);
      },
      async stop() {
        const waitingOn = dependents.map((list) => list.length);
        await runKahn(stops, waitingOn, dag.deps);
      },
    };
  },
};

/**
 * Runs `tasks[i]` once `waitingOn[i]` tasks have finished; a finished task releases the nodes listed in `releases[i]`.
 */
function runKahn(
  tasks: ReadonlyArray<() => Promise<void>>,
  waitingOn: number[],
  releases: ReadonlyArray<readonly number[]>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let remaining = tasks.length;
    if (remaining === 0) resolve();
    const launch = (node: number): void => {
      tasks[node]?.().then(() => {
        for (const next of releases[node] ?? []) {
          waitingOn[next] = (waitingOn[next] ?? 0) - 1;
          if (waitingOn[next] === 0) launch(next);
        }
        remaining--;
        if (remaining === 0) resolve();
      }, reject);
    };
    waitingOn.forEach((count, node) => {
      if (count === 0) launch(node);
    });
  });
}
