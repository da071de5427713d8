import { membersByLayer } from './membersByLayer.js';
import { TextBuilder } from './TextBuilder.js';
import type { RenderOptions } from './RenderOptions.js';
import type { ServiceVertex } from './ServiceVertex.js';
import type { VertexGraph } from './VertexGraph.js';
import { drawingIds, edgeNotes, forEachDrawnEdge, restartNote, type Highlight } from './drawing.js';

const styles = { injected: 'style=dashed', layer: 'style=bold', declared: '' } as const;
const marked = 'color=red, penwidth=3';

/**
 * Renders the graph in Graphviz DOT: a cluster per layer holding a layer node; dashed injected, bold layer edges; a
 * deferred service rounded and dashed, marked `(deferred)`.
 * What `highlight` marks (a cycle) is drawn red and thick, its edges labelled `cycle`.
 */
export function renderDot(graph: VertexGraph, options: RenderOptions = {}, highlight?: Highlight): string {
  const ids = drawingIds(graph);
  const id = (index: number): string => ids[index] as string;
  const quote = (text: string): string => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const mark = (vertex: number): string => (highlight?.vertices.has(vertex) === true ? `, ${marked}` : '');
  // A deferred service is drawn dashed and rounded, its name marked: it does not gate readiness.
  const node = (service: ServiceVertex): string =>
    service.deferred
      ? `${id(service.index)} [label=${quote(`${service.name} (deferred)`)}, style="rounded,dashed"${mark(service.index)}];`
      : `${id(service.index)} [label=${quote(service.name)}${mark(service.index)}];`;
  const out = new TextBuilder();
  for (const line of ['digraph readiness {', '  // A -> B: A waits for B to be ready', '  rankdir=BT;', '  node [shape=box];']) out.line(line);
  const members = membersByLayer(graph);
  for (const layer of graph.layerVertices) {
    out.line(`  subgraph cluster_${layer.index} {`);
    out.line(`    label=${quote(`layer ${layer.name}`)};`);
    out.line('    style=rounded;');
    out.line(`    ${id(layer.index)} [label=${quote(layer.name)}, shape=note, style=dashed${mark(layer.index)}];`);
    for (const service of members.get(layer.layer) ?? []) out.line(`    ${node(service)}`);
    out.line('  }');
  }
  for (const service of graph.services) if (service.layer === undefined) out.line(`  ${node(service)}`);
  forEachDrawnEdge(graph, options, (from, to, kind, via, edge) => {
    const onCycle = highlight?.edges.has(edge) === true;
    const notes = edgeNotes(graph, from, to, via, onCycle);
    const label = notes.length > 0 ? `label=${quote(notes.join('; '))}` : '';
    const color = onCycle ? marked : restartNote(graph, from, to) !== undefined ? 'color=red' : '';
    const attributes = [styles[kind], color, label].filter((attribute) => attribute !== '').join(', ');
    out.line(`  ${id(from)} -> ${id(to)}${attributes !== '' ? ` [${attributes}]` : ''};`);
  });
  out.line('}');
  return out.toString();
}
