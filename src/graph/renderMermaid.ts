import type { ReadinessGraph, RenderOptions } from './ReadinessGraph.js';
import { redundantEdges } from './redundantEdges.js';

/** Renders the graph as a Mermaid flowchart: a subgraph per layer; solid declared, dotted injected, thick layer edges. */
export function renderMermaid(graph: ReadinessGraph, options: RenderOptions = {}): string {
  const hidden = options.reduce === true ? redundantEdges(graph) : new Set<number>();
  const id = (index: number): string => (graph.vertices[index]?.kind === 'layer' ? `L${index}` : `S${index}`);
  const label = (text: string): string => `"${text.replaceAll('"', '#quot;')}"`;
  const lines = ['flowchart BT', '  %% A --> B: A waits for B to be ready'];
  for (const layer of graph.layerVertices) {
    lines.push(`  subgraph ${id(layer.index)}[${label(`layer ${layer.name}`)}]`);
    for (const service of graph.services) if (service.layer === layer.layer) lines.push(`    ${id(service.index)}[${label(service.name)}]`);
    lines.push('  end');
  }
  for (const service of graph.services) if (service.layer === undefined) lines.push(`  ${id(service.index)}[${label(service.name)}]`);
  for (const [index, edge] of graph.vertexEdges.entries()) {
    if (hidden.has(index)) continue;
    // Membership is shown by the subgraph, and a member's wait for its layer's dependencies by the layer edge.
    if (edge.kind === 'layer' && !(graph.vertices[edge.from]?.kind === 'layer' && graph.vertices[edge.to]?.kind === 'layer')) continue;
    const arrow = edge.kind === 'injected' ? '-.->' : edge.kind === 'layer' ? '==>' : '-->';
    const text = edge.via.length > 0 ? `|${label(`via ${edge.via.join(', ')}`)}|` : '';
    lines.push(`  ${id(edge.from)} ${arrow}${text} ${id(edge.to)}`);
  }
  return `${lines.join('\n')}\n`;
}
