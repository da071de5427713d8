import { performance } from 'node:perf_hooks';
import { type Dag, dependentsOf, edgeCount } from './dag/Dag.js';
import { peakRssMB } from './peakRss.js';
import type { GraphResult } from './runner/Job.js';

/**
 * Scenario E's floor: the least any implementation can do with the same input. Name the nodes, index the edges both
 * ways, run Kahn's algorithm (which finds the levels and proves there is no cycle), then print Mermaid and DOT.
 */
export function measureFloorGraph(dag: Dag): GraphResult {
  const t1 = performance.now();
  const names = dag.deps.map((_deps, node) => `S${node}`);
  const dependents = dependentsOf(dag);
  const waitingOn = dag.deps.map((deps) => deps.length);
  const levels: string[][] = [];
  let current = names.flatMap((_name, node) => (waitingOn[node] === 0 ? [node] : []));
  let sorted = 0;
  while (current.length > 0) {
    levels.push(current.map((node) => names[node] ?? ''));
    sorted += current.length;
    const next: number[] = [];
    for (const node of current) {
      for (const dependent of dependents[node] ?? []) {
        waitingOn[dependent] = (waitingOn[dependent] ?? 0) - 1;
        if (waitingOn[dependent] === 0) next.push(dependent);
      }
    }
    current = next;
  }
  if (sorted !== dag.size) throw new Error('the floor found a cycle in a generated graph');
  const t2 = performance.now();
  const mermaid = ['flowchart BT'];
  const dot = ['digraph readiness {'];
  dag.deps.forEach((deps, node) => {
    for (const dep of deps) mermaid.push(`  ${names[node]} --> ${names[dep]}`);
  });
  const mermaidText = mermaid.join('\n');
  const t3 = performance.now();
  dag.deps.forEach((deps, node) => {
    for (const dep of deps) dot.push(`  "${names[node]}" -> "${names[dep]}";`);
  });
  dot.push('}');
  const dotText = dot.join('\n');
  const t4 = performance.now();
  if (mermaidText.length === 0 || dotText.length === 0 || levels.length === 0) throw new Error('the floor rendered nothing');
  return { kind: 'graph', nodes: dag.size, edges: edgeCount(dag), bindMs: 0, buildMs: t2 - t1, mermaidMs: t3 - t2, dotMs: t4 - t3, rssMB: peakRssMB() };
}
