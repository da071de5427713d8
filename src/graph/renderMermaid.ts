import { membersByLayer } from './membersByLayer.js';
import type { ReadinessGraph, RenderOptions } from './ReadinessGraph.js';
import { forEachDrawnEdge } from './forEachDrawnEdge.js';

const arrows = { injected: '-.->', layer: '==>', declared: '-->' } as const;

/** Renders the graph as a Mermaid flowchart: a subgraph per layer; solid declared, dotted injected, thick layer edges. */
export function renderMermaid(graph: ReadinessGraph, options: RenderOptions = {}): string {
  const id = (index: number): string => (graph.vertices[index]?.kind === 'layer' ? `L${index}` : `S${index}`);
  const label = (text: string): string => `"${text.replaceAll('"', '#quot;')}"`;
  const lines = ['flowchart BT', '  %% A --> B: A waits for B to be ready'];
  const members = membersByLayer(graph);
  for (const layer of graph.layerVertices) {
    lines.push(`  subgraph ${id(layer.index)}[${label(`layer ${layer.name}`)}]`);
    for (const service of members.get(layer.layer) ?? []) lines.push(`    ${id(service.index)}[${label(service.name)}]`);
    lines.push('  end');
  }
  for (const service of graph.services) if (service.layer === undefined) lines.push(`  ${id(service.index)}[${label(service.name)}]`);
  forEachDrawnEdge(graph, options, (from, to, kind, via) => {
    const text = via.length > 0 ? `|${label(`via ${via.join(', ')}`)}|` : '';
    lines.push(`  ${id(from)} ${arrows[kind]}${text} ${id(to)}`);
  });
  return `${lines.join('\n')}\n`;
}
