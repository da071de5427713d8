import { membersByLayer } from './membersByLayer.js';
import type { ReadinessGraph, RenderOptions } from './ReadinessGraph.js';
import { forEachDrawnEdge } from './forEachDrawnEdge.js';

const styles = { injected: 'style=dashed', layer: 'style=bold', declared: '' } as const;

/** Renders the graph in Graphviz DOT: a cluster per layer holding a layer node; dashed injected, bold layer edges. */
export function renderDot(graph: ReadinessGraph, options: RenderOptions = {}): string {
  const id = (index: number): string => (graph.vertices[index]?.kind === 'layer' ? `L${index}` : `S${index}`);
  const quote = (text: string): string => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const lines = ['digraph readiness {', '  // A -> B: A waits for B to be ready', '  rankdir=BT;', '  node [shape=box];'];
  const members = membersByLayer(graph);
  for (const layer of graph.layerVertices) {
    lines.push(`  subgraph cluster_${layer.index} {`, `    label=${quote(`layer ${layer.name}`)};`, '    style=rounded;');
    lines.push(`    ${id(layer.index)} [label=${quote(layer.name)}, shape=note, style=dashed];`);
    for (const service of members.get(layer.layer) ?? []) lines.push(`    ${id(service.index)} [label=${quote(service.name)}];`);
    lines.push('  }');
  }
  for (const service of graph.services) if (service.layer === undefined) lines.push(`  ${id(service.index)} [label=${quote(service.name)}];`);
  forEachDrawnEdge(graph, options, (from, to, kind, via) => {
    const style = styles[kind];
    const label = via.length > 0 ? `label=${quote(`via ${via.join(', ')}`)}` : '';
    const attributes = style === '' ? label : label === '' ? style : `${style}, ${label}`;
    lines.push(`  ${id(from)} -> ${id(to)}${attributes !== '' ? ` [${attributes}]` : ''};`);
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
