/**
 * A dependency graph of services numbered 0..size-1. Every dependency of a node has a smaller number, so the
 * numbering is a topological order and the graph has no cycle by construction.
 */
export interface Dag {
  readonly size: number;
  /** `deps[i]`: the nodes node i depends on (must be ready before it starts; must stop after it stops). */
  readonly deps: ReadonlyArray<readonly number[]>;
}

/** A graph plus the duration of every hook, in milliseconds (0: the hook resolves at once). */
export interface Workload {
  readonly dag: Dag;
  readonly startMs: readonly number[];
  readonly stopMs: readonly number[];
}

export function edgeCount(dag: Dag): number {
  let edges = 0;
  for (const deps of dag.deps) edges += deps.length;
  return edges;
}

/** `dependents[i]`: the nodes that depend on node i. */
export function dependentsOf(dag: Dag): number[][] {
  const dependents: number[][] = Array.from({ length: dag.size }, () => []);
  dag.deps.forEach((deps, node) => {
    for (const dep of deps) dependents[dep]?.push(node);
  });
  return dependents;
}

/** The topological level of every node: 0 without dependencies, else 1 + the highest level among its dependencies. */
export function levelsOf(dag: Dag): number[] {
  const levels: number[] = [];
  dag.deps.forEach((deps, node) => {
    let level = 0;
    for (const dep of deps) level = Math.max(level, (levels[dep] ?? 0) + 1);
    levels[node] = level;
  });
  return levels;
}

/** The nodes nothing depends on: resolving these resolves the whole graph. */
export function rootsOf(dag: Dag): number[] {
  const hasDependents = new Uint8Array(dag.size);
  for (const deps of dag.deps) for (const dep of deps) hasDependents[dep] = 1;
  const roots: number[] = [];
  for (let node = 0; node < dag.size; node++) if (hasDependents[node] === 0) roots.push(node);
  return roots;
}
