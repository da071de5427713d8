import type { ServiceFailure } from '../errors/ReadyGraphError.js';
import { at } from '../graph/Adjacency.js';
import type { ReadinessGraph } from '../graph/ReadinessGraph.js';

/**
 * Runs the graph backwards: a vertex is released once every vertex that waits for it is released. A vertex that
 * `needsStop` accepts is released when `stop` has ended for it; any other vertex (a layer, a service that never
 * became ready) at once. Independent stops run together, at most `concurrency` at a time. Best effort: a failure is
 * collected and the walk goes on. Resolves with the failures once every vertex is released.
 */
export function stopInReverse(
  graph: ReadinessGraph,
  needsStop: (vertex: number) => boolean,
  stop: (vertex: number) => Promise<ServiceFailure | undefined>,
  concurrency: number,
): Promise<ServiceFailure[]> {
  const failures: ServiceFailure[] = [];
  const vertexCount = graph.vertices.length;
  const remaining = graph.dependents.degrees();
  const { offsets, targets } = graph.dependencies;
  const queue: number[] = [];
  let head = 0;
  let running = 0;
  let released = 0;
  return new Promise<ServiceFailure[]>((resolve) => {
    const release = (vertex: number): void => {
      released += 1;
      for (let slot = at(offsets, vertex); slot < at(offsets, vertex + 1); slot += 1) {
        const dependency = at(targets, slot);
        remaining[dependency] = at(remaining, dependency) - 1;
        if (remaining[dependency] === 0) queue.push(dependency);
      }
    };
    const pump = (): void => {
      while (head < queue.length) {
        const vertex = queue[head] as number;
        if (!needsStop(vertex)) {
          head += 1;
          release(vertex);
          continue;
        }
        if (running >= concurrency) break;
        head += 1;
        running += 1;
        void stop(vertex).then((failure) => {
          if (failure !== undefined) failures.push(failure);
          running -= 1;
          release(vertex);
          pump();
        });
      }
      if (released === vertexCount) resolve(failures);
    };
    for (let vertex = 0; vertex < vertexCount; vertex += 1) if (remaining[vertex] === 0) queue.push(vertex);
    pump();
  });
}
