import { membersByLayer } from './membersByLayer.js';
import { TextBuilder } from './TextBuilder.js';
import type { ReadinessGraph, RenderOptions } from './ReadinessGraph.js';
import { drawingIds, edgeNotes, forEachDrawnEdge } from './drawing.js';

const arrows = { injected: '-.->', layer: '==>', declared: '-->' } as const;

/** Renders the graph as a Mermaid flowchart: a subgraph per layer; solid declared, dotted injected, thick layer edges. */
export function renderMermaid(graph: ReadinessGraph, options: RenderOptions = {}): string {
  const ids = drawingIds(graph);
  const id = (index: number): string => ids[index] as string;
  const label = (text: string): string => `"${text.replaceAll('"', '#quot;')}"`;
  const out = new TextBuilder();
  out.line('flowchart BT');
  out.line('  %% A --> B: A waits for B to be ready');
  const members = membersByLayer(graph);
  for (const layer of graph.layerVertices) {
    out.line(`  subgraph ${id(layer.index)}[${label(`layer ${layer.name}`)}]`);
    for (const service of members.get(layer.layer) ?? []) out.line(`    ${id(service.index)}[${label(service.name)}]`);
    out.line('  end');
  }
  for (const service of graph.services) if (service.layer === undefined) out.line(`  ${id(service.index)}[${label(service.name)}]`);
  forEachDrawnEdge(graph, options, (from, to, kind, via) => {
    const notes = edgeNotes(graph, from, via);
    const text = notes.length > 0 ? `|${label(notes.join('; '))}|` : '';
    out.line(`  ${id(from)} ${arrows[kind]}${text} ${id(to)}`);
  });
  return out.toString();
}
