import { membersByLayer } from './membersByLayer.js';
import { TextBuilder } from './TextBuilder.js';
import type { ReadinessGraph, RenderOptions } from './ReadinessGraph.js';
import { drawingIds, edgeNotes, forEachDrawnEdge, restartsWith } from './drawing.js';

const styles = { injected: 'style=dashed', layer: 'style=bold', declared: '' } as const;

/** Renders the graph in Graphviz DOT: a cluster per layer holding a layer node; dashed injected, bold layer edges. */
export function renderDot(graph: ReadinessGraph, options: RenderOptions = {}): string {
  const ids = drawingIds(graph);
  const id = (index: number): string => ids[index] as string;
  const quote = (text: string): string => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const out = new TextBuilder();
  for (const line of ['digraph readiness {', '  // A -> B: A waits for B to be ready', '  rankdir=BT;', '  node [shape=box];']) out.line(line);
  const members = membersByLayer(graph);
  for (const layer of graph.layerVertices) {
    out.line(`  subgraph cluster_${layer.index} {`);
    out.line(`    label=${quote(`layer ${layer.name}`)};`);
    out.line('    style=rounded;');
    out.line(`    ${id(layer.index)} [label=${quote(layer.name)}, shape=note, style=dashed];`);
    for (const service of members.get(layer.layer) ?? []) out.line(`    ${id(service.index)} [label=${quote(service.name)}];`);
    out.line('  }');
  }
  for (const service of graph.services) if (service.layer === undefined) out.line(`  ${id(service.index)} [label=${quote(service.name)}];`);
  forEachDrawnEdge(graph, options, (from, to, kind, via) => {
    const style = styles[kind];
    const restart = restartsWith(graph, from);
    const notes = edgeNotes(graph, from, via);
    const label = notes.length > 0 ? `label=${quote(notes.join('; '))}` : '';
    const attributes = [style, restart ? 'color=red' : '', label].filter((attribute) => attribute !== '').join(', ');
    out.line(`  ${id(from)} -> ${id(to)}${attributes !== '' ? ` [${attributes}]` : ''};`);
  });
  out.line('}');
  return out.toString();
}
