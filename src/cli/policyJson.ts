import type { GraphNode, ReadinessGraph, ResolvedSupervisionPolicy } from '../index.js';

/** A node's supervision policy as the JSON of the command line shows it: a list-valued `restartWithDependencies` as node names. */
export type PolicyJson = Omit<ResolvedSupervisionPolicy, 'restartWithDependencies'> & { readonly restartWithDependencies: boolean | readonly string[] };

/**
 * The policy of `node` as the command line's JSON shows it: its class's `@supervise` over the Lifecycle's
 * `supervise` option, or the library's defaults; a list-valued `restartWithDependencies` as the node names it
 * resolved to (identifiers are not JSON).
 */
export function policyJson(graph: ReadinessGraph, node: GraphNode): PolicyJson {
  const policy = graph.supervisionOf(node.name);
  return node.restartWithDependencies === undefined ? policy : { ...policy, restartWithDependencies: node.restartWithDependencies };
}
