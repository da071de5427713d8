import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { EdgeList } from './EdgeList.js';
import type { Vertex } from './Vertex.js';
import type { VertexEdge } from './VertexEdge.js';

/**
 * The `ERR_READYGRAPH_CYCLE` error for `cycle` (indices into `edges`, as {@link findCycle} returns them): the services
 * along it, and for each step whether it is declared, comes from a layer, or is injected (and through which plain
 * services).
 */
export function cycleError(vertices: readonly Vertex[], edges: EdgeList, cycle: readonly number[]): ReadyGraphError {
  const steps: VertexEdge[] = cycle.map((edge) => edges.edge(edge));
  const names: string[] = [];
  const lines: string[] = [];
  let index = 0;
  while (index < steps.length) {
    const first = steps[index] as VertexEdge;
    const from = vertices[first.from] as Vertex;
    const segment: VertexEdge[] = [first];
    index += 1;
    while (vertices[(segment[segment.length - 1] as VertexEdge).to]?.kind === 'layer' && index < steps.length) {
      segment.push(steps[index] as VertexEdge);
      index += 1;
    }
    const to = vertices[(segment[segment.length - 1] as VertexEdge).to] as Vertex;
    names.push(from.name);
    lines.push(`  ${from.name} -> ${to.name}: ${describeSegment(vertices, segment)}`);
  }
  names.push(names[0] as string);
  // Only an injected edge can be dropped with implicitDependencies: false; suggesting it for a cycle of declared and
  // layer edges would send the reader to an option that changes nothing.
  const fix = steps.some((edge) => edge.kind === 'injected')
    ? 'Remove one of these dependencies; an injected one can be kept for construction and dropped from readiness with ' +
      'new Lifecycle(container, { implicitDependencies: false }).'
    : 'Remove one of these dependencies (each is declared with @dependsOn or comes from a layer).';
  return new ReadyGraphError(
    errorCodes.cycle,
    `Readiness cycle: ${names.join(' -> ')} (A -> B: A waits for B)\n${lines.join('\n')}\nNo service on it can ever become ready. ${fix}`,
    { cycle: names },
  );
}

function describeSegment(vertices: readonly Vertex[], segment: readonly VertexEdge[]): string {
  const [first] = segment;
  if (first === undefined) return '';
  const from = vertices[first.from] as Vertex;
  if (segment.length === 1) {
    const to = vertices[first.to] as Vertex;
    if (first.kind === 'injected') {
      return first.via.length === 0 ? `injected (${from.name} injects ${to.name})` : `injected through ${first.via.join(' -> ')}`;
    }
    return first.via.length === 0
      ? `declared (@dependsOn(${to.name}) on ${from.name})`
      : `declared (@dependsOn(${first.via[0] ?? ''}) on ${from.name}, which injects ${[...first.via.slice(1), to.name].join(' -> ')})`;
  }
  // A step through layers: service -> layer (-> layer …) -> member.
  const parts: string[] = [];
  const firstLayer = vertices[first.to] as Vertex;
  const fromLayer = from.kind === 'service' && from.layer !== undefined ? from.layer.name : undefined;
  parts.push(
    first.kind === 'declared'
      ? `declared (@dependsOn(layer "${firstLayer.name}") on ${from.name})`
      : `layer (${from.name} is in layer "${fromLayer ?? '?'}", which depends on layer "${firstLayer.name}")`,
  );
  for (const edge of segment.slice(1)) {
    const at = vertices[edge.from] as Vertex;
    const to = vertices[edge.to] as Vertex;
    parts.push(to.kind === 'layer' ? `layer "${at.name}" depends on layer "${to.name}"` : `${to.name} is in layer "${at.name}"`);
  }
  return parts.join('; ');
}
