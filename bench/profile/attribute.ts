/**
 * Reads a V8 CPU profile (.cpuprofile) and bills every sample to the nearest frame, leaf first, that belongs to a
 * known owner: readygraph (dist/), Inversify (@inversifyjs/*), the benchmark's own code (hooks, peer glue), or another
 * package. The runtime's built-ins (promises, timers, AbortController) and reflect-metadata are billed to whoever
 * called them. So "readygraph" reads as readygraph's own work, with what it asks of Node.js, and without what it asks
 * of Inversify.
 */
export interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Attribution {
  readonly totalMs: number;
  readonly samples: number;
  /** Milliseconds by owner: 'readygraph', 'inversify', 'bench', 'GC', … */
  readonly byOwner: ReadonlyMap<string, number>;
  /** readygraph's milliseconds by the folder of dist/ its code lives in: 'graph', 'runtime', 'decorators', … */
  readonly readygraphByArea: ReadonlyMap<string, number>;
  /** readygraph's milliseconds by its function nearest the leaf (`name file:line`). */
  readonly readygraphByFunction: ReadonlyMap<string, number>;
  /** Self time by leaf function, whoever owns it. */
  readonly selfByFunction: ReadonlyMap<string, number>;
}

export const owners = { readygraph: 'readygraph', inversify: 'inversify', bench: 'bench (hooks, peer glue)', gc: 'GC' } as const;

export function attribute(profile: CpuProfile): Attribution {
  const byId = new Map<number, ProfileNode>();
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const ownerAndFrame = (leafId: number): { owner: string; frame: CallFrame | undefined } => {
    for (let id: number | undefined = leafId; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (frame === undefined) break;
      const owner = ownerOf(frame);
      if (owner !== undefined) return { owner, frame };
    }
    return { owner: 'node.js internals', frame: byId.get(leafId)?.callFrame };
  };

  const byOwner = new Map<string, number>();
  const readygraphByArea = new Map<string, number>();
  const readygraphByFunction = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let totalMs = 0;
  let samples = 0;
  profile.samples.forEach((sample, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const { owner, frame } = ownerAndFrame(sample);
    // Switching the profiler on is sampled too; it is not part of what is measured.
    if (owner === profilerOwner) return;
    totalMs += ms;
    samples++;
    const leaf = byId.get(sample)?.callFrame;
    if (leaf !== undefined) add(selfByFunction, where(leaf), ms);
    add(byOwner, owner, ms);
    if (owner === owners.readygraph && frame !== undefined) {
      add(readygraphByFunction, where(frame), ms);
      add(readygraphByArea, /\/dist\/([^/]+)\//.exec(frame.url)?.[1] ?? 'index', ms);
    }
  });
  return { totalMs, samples, byOwner, readygraphByArea, readygraphByFunction, selfByFunction };
}

const profilerOwner = 'profiler';

function ownerOf(frame: CallFrame): string | undefined {
  const { url, functionName } = frame;
  if (url === 'node:inspector') return profilerOwner;
  if (url === '') {
    if (functionName === '(garbage collector)') return owners.gc;
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'program (V8, not JS)';
    return undefined;
  }
  if (url.includes('/node_modules/')) {
    if (url.includes('/node_modules/reflect-metadata/')) return undefined;
    if (url.includes('/@inversifyjs/') || url.includes('/node_modules/inversify/')) return owners.inversify;
    return /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? 'other package';
  }
  if (url.includes('/dist/')) return owners.readygraph;
  if (url.includes('/build/bench/')) return owners.bench;
  return undefined;
}

/** `name file:line`, the path from dist/, build/ or node_modules/ on. */
export function where(frame: CallFrame): string {
  const path = frame.url.replace(/^file:\/\//, '').replace(/^.*\/(dist|build|node_modules)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${path}:${frame.lineNumber + 1}`;
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}
