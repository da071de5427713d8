import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { Vertex, VertexEdge } from './ReadinessGraph.js';

/**
 * Finds a cycle among the vertices `inCycleRegion` accepts (every one of them waits for at least one other of them,
 * which is what Kahn's algorithm leaves behind) and returns the `ERR_READYGRAPH_CYCLE` error describing it: the
 * services along it, and for each step whether it is declared, comes from a layer, or is injected (and through which
 * plain services).
 */
export function findCycle(vertices: readonly Vertex[], edges: readonly VertexEdge[], inCycleRegion: (vertex: number) => boolean): ReadyGraphError {
  const outgoing = new Map<number, VertexEdge[]>();
  for (const edge of edges) {
    if (!inCycleRegion(edge.from) || !inCycleRegion(edge.to)) continue;
    const list = outgoing.get(edge.from) ?? [];
    list.push(edge);
    outgoing.set(edge.from, list);
  }
  // Walk from the first service left over, always taking its first remaining edge, until a vertex repeats.
  const start = vertices.findIndex((vertex) => vertex.kind === 'service' && inCycleRegion(vertex.index));
  const positionOnPath = new Map<number, number>();
  const path: VertexEdge[] = [];
  let current = start;
  while (!positionOnPath.has(current)) {
    positionOnPath.set(current, path.length);
    const next = outgoing.get(current)?.[0];
    if (next === undefined) break; // Cannot happen for a region left by Kahn's algorithm; guarded all the same.
    path.push(next);
    current = next.to;
  }
  let cycle = path.slice(positionOnPath.get(current) ?? 0);
  // Start the cycle at a service: layers are shown as the reason of a step, not as a step of their own.
  const firstService = cycle.findIndex((edge) => vertices[edge.from]?.kind === 'service');
  cycle = [...cycle.slice(firstService), ...cycle.slice(0, firstService)];

  const names: string[] = [];
  const steps: string[] = [];
  let index = 0;
  while (index < cycle.length) {
    const first = cycle[index] as VertexEdge;
    const from = vertices[first.from] as Vertex;
    const segment: VertexEdge[] = [first];
    index += 1;
    while (vertices[(segment[segment.length - 1] as VertexEdge).to]?.kind === 'layer' && index < cycle.length) {
      segment.push(cycle[index] as VertexEdge);
      index += 1;
    }
    const to = vertices[(segment[segment.length - 1] as VertexEdge).to] as Vertex;
    names.push(from.name);
    steps.push(`  ${from.name} -> ${to.name}: ${describeSegment(vertices, segment)}`);
  }
  names.push(names[0] as string);
  // Only an injected edge can be dropped with implicitDependencies: false; suggesting it for a cycle of declared and
  // layer edges would send the reader to an option that changes nothing.
  const fix = cycle.some((edge) => edge.kind === 'injected')
    ? 'Remove one of these dependencies; an injected one can be kept for construction and dropped from readiness with ' +
      'new Lifecycle(container, { implicitDependencies: false }).'
    : 'Remove one of these dependencies (each is declared with @dependsOn or comes from a layer).';
  return new ReadyGraphError(
    errorCodes.cycle,
    `Readiness cycle: ${names.join(' -> ')} (A -> B: A waits for B)\n${steps.join('\n')}\nNo service on it can ever become ready. ${fix}`,
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
