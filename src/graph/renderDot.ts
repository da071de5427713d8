import { membersByLayer } from './membersByLayer.js';
import { TextBuilder } from './TextBuilder.js';
import type { RenderOptions } from './RenderOptions.js';
import type { VertexGraph } from './VertexGraph.js';
import { drawingIds, edgeNotes, forEachDrawnEdge, restartsWith, type Highlight } from './drawing.js';

const styles = { injected: 'style=dashed', layer: 'style=bold', declared: '' } as const;
const marked = 'color=red, penwidth=3';

/**
 * Renders the graph in Graphviz DOT: a cluster per layer holding a layer node; dashed injected, bold layer edges.
 * What `highlight` marks (a cycle) is drawn red and thick, its edges labelled `cycle`.
 */
export function renderDot(graph: VertexGraph, options: RenderOptions = {}, highlight?: Highlight): string {
  const ids = drawingIds(graph);
  const id = (index: number): string => ids[index] as string;
  const quote = (text: string): string => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const mark = (vertex: number): string => (highlight?.vertices.has(vertex) === true ? `, ${marked}` : '');
  const out = new TextBuilder();
  for (const line of ['digraph readiness {', '  // A -> B: A waits for B to be ready', '  rankdir=BT;', '  node [shape=box];']) out.line(line);
  const members = membersByLayer(graph);
  for (const layer of graph.layerVertices) {
    out.line(`  subgraph cluster_${layer.index} {`);
    out.line(`    label=${quote(`layer ${layer.name}`)};`);
    out.line('    style=rounded;');
    out.line(`    ${id(layer.index)} [label=${quote(layer.name)}, shape=note, style=dashed${mark(layer.index)}];`);
    for (const service of members.get(layer.layer) ?? []) out.line(`    ${id(service.index)} [label=${quote(service.name)}${mark(service.index)}];`);
    out.line('  }');
  }
  for (const service of graph.services) if (service.layer === undefined) out.line(`  ${id(service.index)} [label=${quote(service.name)}${mark(service.index)}];`);
  forEachDrawnEdge(graph, options, (from, to, kind, via, edge) => {
    const onCycle = highlight?.edges.has(edge) === true;
    const notes = edgeNotes(graph, from, via, onCycle);
    const label = notes.length > 0 ? `label=${quote(notes.join('; '))}` : '';
    const color = onCycle ? marked : restartsWith(graph, from) ? 'color=red' : '';
    const attributes = [styles[kind], color, label].filter((attribute) => attribute !== '').join(', ');
    out.line(`  ${id(from)} -> ${id(to)}${attributes !== '' ? ` [${attributes}]` : ''};`);
  });
  out.line('}');
  return out.toString();
}
