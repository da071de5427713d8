import type { ReadinessGraph } from '../index.js';
import { jsonText } from './jsonText.js';
import { policyJson } from './policyJson.js';

/**
 * The graph as `readygraph graph --format json` prints it: `toJSON()` with each node's supervision `policy`
 * ({@link policyJson}); `Infinity` is written as `null` ({@link jsonText}).
 */
export function graphJson(graph: ReadinessGraph): string {
  const json = graph.toJSON();
  return jsonText({ ...json, nodes: json.nodes.map((node) => ({ ...node, policy: policyJson(graph, node) })) });
}
