import type { ReadinessGraph } from '../index.js';

/**
 * The graph as `readygraph graph --format json` prints it: `toJSON()` with each node's supervision `policy`
 * (`graph.supervisionOf(name)`: its class's `@supervise` over the Lifecycle's `supervise` option, or the library's
 * defaults). `Infinity` (`health.failAfter`'s default) is written as the string `"Infinity"`, which JSON has no number
 * for.
 */
export function graphJson(graph: ReadinessGraph): string {
  const json = graph.toJSON();
  const nodes = json.nodes.map((node) => ({ ...node, policy: graph.supervisionOf(node.name) }));
  return JSON.stringify({ ...json, nodes }, (_key, value: unknown) => (value === Number.POSITIVE_INFINITY ? 'Infinity' : value), 2);
}
