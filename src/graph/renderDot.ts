import type { ReadinessGraph, RenderOptions } from './ReadinessGraph.js';
import { redundantEdges } from './redundantEdges.js';

/** Renders the graph in Graphviz DOT: a cluster per layer holding a layer node; dashed injected, bold layer edges. */
export function renderDot(graph: ReadinessGraph, options: RenderOptions = {}): string {
  const hidden = options.reduce === true ? redundantEdges(graph) : new Set<number>();
  const id = (index: number): string => (graph.vertices[index]?.kind === 'layer' ? `L${index}` : `S${index}`);
  const quote = (text: string): string => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const lines = ['digraph readiness {', '  // A -> B: A waits for B to be ready', '  rankdir=BT;', '  node [shape=box];'];
  for (const layer of graph.layerVertices) {
    lines.push(`  subgraph cluster_${layer.index} {`, `    label=${quote(`layer ${layer.name}`)};`, '    style=rounded;');
    lines.push(`    ${id(layer.index)} [label=${quote(layer.name)}, shape=note, style=dashed];`);
    for (const service of graph.services) if (service.layer === layer.layer) lines.push(`    ${id(service.index)} [label=${quote(service.name)}];`);
    lines.push('  }');
  }
  for (const service of graph.services) if (service.layer === undefined) lines.push(`  ${id(service.index)} [label=${quote(service.name)}];`);
  for (const [index, edge] of graph.vertexEdges.entries()) {
    if (hidden.has(index)) continue;
    const fromLayer = graph.vertices[edge.from]?.kind === 'layer';
    const toLayer = graph.vertices[edge.to]?.kind === 'layer';
    // Members wait for their layer's dependencies through the layer node; membership itself is the cluster.
    if (edge.kind === 'layer' && !(fromLayer && toLayer)) continue;
    const attributes = [edge.kind === 'injected' ? 'style=dashed' : edge.kind === 'layer' ? 'style=bold' : ''];
    if (edge.via.length > 0) attributes.push(`label=${quote(`via ${edge.via.join(', ')}`)}`);
    const list = attributes.filter((attribute) => attribute !== '');
    lines.push(`  ${id(edge.from)} -> ${id(edge.to)}${list.length > 0 ? ` [${list.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
