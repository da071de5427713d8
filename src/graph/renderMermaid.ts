import { membersByLayer } from './membersByLayer.js';
import { TextBuilder } from './TextBuilder.js';
import type { RenderOptions } from './RenderOptions.js';
import type { ServiceVertex } from './ServiceVertex.js';
import type { VertexGraph } from './VertexGraph.js';
import { drawingIds, edgeNotes, forEachDrawnEdge, type Highlight } from './drawing.js';

const arrows = { injected: '-.->', layer: '==>', declared: '-->' } as const;
const marked = 'stroke:#d00,stroke-width:3px';

/**
 * Renders the graph as a Mermaid flowchart: a subgraph per layer; solid declared, dotted injected, thick layer edges;
 * a deferred service as a stadium marked `(deferred)`.
 * What `highlight` marks (a cycle) is drawn red and thick, its edges labelled `cycle`.
 */
export function renderMermaid(graph: VertexGraph, options: RenderOptions = {}, highlight?: Highlight): string {
  const ids = drawingIds(graph);
  const id = (index: number): string => ids[index] as string;
  const label = (text: string): string => `"${text.replaceAll('"', '#quot;')}"`;
  // A deferred service is drawn as a stadium, its name marked: it does not gate readiness.
  const node = (service: ServiceVertex): string =>
    service.deferred ? `${id(service.index)}([${label(`${service.name} (deferred)`)}])` : `${id(service.index)}[${label(service.name)}]`;
  const out = new TextBuilder();
  out.line('flowchart BT');
  out.line('  %% A --> B: A waits for B to be ready');
  const members = membersByLayer(graph);
  for (const layer of graph.layerVertices) {
    out.line(`  subgraph ${id(layer.index)}[${label(`layer ${layer.name}`)}]`);
    for (const service of members.get(layer.layer) ?? []) out.line(`    ${node(service)}`);
    out.line('  end');
  }
  for (const service of graph.services) if (service.layer === undefined) out.line(`  ${node(service)}`);
  // Mermaid styles a link by its position among the links drawn.
  const markedLinks: number[] = [];
  let link = 0;
  forEachDrawnEdge(graph, options, (from, to, kind, via, edge) => {
    const onCycle = highlight?.edges.has(edge) === true;
    if (onCycle) markedLinks.push(link);
    link += 1;
    const notes = edgeNotes(graph, from, to, via, onCycle);
    const text = notes.length > 0 ? `|${label(notes.join('; '))}|` : '';
    out.line(`  ${id(from)} ${arrows[kind]}${text} ${id(to)}`);
  });
  for (const vertex of highlight?.vertices ?? []) out.line(`  style ${id(vertex)} ${marked}`);
  if (markedLinks.length > 0) out.line(`  linkStyle ${markedLinks.join(',')} ${marked}`);
  return out.toString();
}
