import type { ReadinessGraph } from '../index.js';

/**
 * The graph as `readygraph graph --format json` prints it: `toJSON()` with each node's supervision `policy` (its
 * class's `@supervise` over the Lifecycle's `supervise` option, or the library's defaults; a list-valued
 * `restartWithDependencies` as the names of the services it restarts with). `Infinity`
 * (`health.failAfter`'s default) is written as the string `"Infinity"`, which JSON has no number for.
 */
export function graphJson(graph: ReadinessGraph): string {
  const json = graph.toJSON();
  // A list-valued restartWithDependencies is written as the node names it resolved to (identifiers are not JSON).
  const nodes = json.nodes.map((node) => {
    const policy = graph.supervisionOf(node.name);
    return { ...node, policy: node.restartWithDependencies === undefined ? policy : { ...policy, restartWithDependencies: node.restartWithDependencies } };
  });
  return JSON.stringify({ ...json, nodes }, (_key, value: unknown) => (value === Number.POSITIVE_INFINITY ? 'Infinity' : value), 2);
}
