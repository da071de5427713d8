import type { Dag } from './Dag.js';
import { seededRandom, type Random } from './random.js';

/**
 * Scenario A, C and E: node i depends on min(i, maxDeps) distinct nodes drawn uniformly among 0..i-1. With
 * maxDeps = 3, 10,000 nodes have 29,994 edges.
 */
export function randomDag(size: number, maxDeps: number, seed: number): Dag {
  const random = seededRandom(seed);
  const deps: number[][] = [];
  for (let node = 0; node < size; node++) deps.push(pickDistinct(random, node, Math.min(node, maxDeps)));
  return { size, deps };
}

/**
 * Scenario B: `layers` layers of `width` nodes; every node of layer k > 0 depends on `fanIn` distinct random nodes of
 * layer k-1, or on all of them when `fanIn` is 'all'.
 */
export function layeredDag(layers: number, width: number, fanIn: number | 'all', seed: number): Dag {
  const random = seededRandom(seed);
  const deps: number[][] = [];
  for (let layer = 0; layer < layers; layer++) {
    const previous = (layer - 1) * width;
    for (let index = 0; index < width; index++) {
      if (layer === 0) deps.push([]);
      else if (fanIn === 'all') deps.push(Array.from({ length: width }, (_, offset) => previous + offset));
      else deps.push(pickDistinct(random, width, Math.min(width, fanIn)).map((offset) => previous + offset));
    }
  }
  return { size: layers * width, deps };
}

/** `count` durations drawn uniformly in [minMs, maxMs] (whole milliseconds). */
export function randomDurations(count: number, minMs: number, maxMs: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => random.int(minMs, maxMs));
}

/** `count` distinct integers in [0, below), in increasing order. */
function pickDistinct(random: Random, below: number, count: number): number[] {
  const picked = new Set<number>();
  while (picked.size < count) picked.add(random.int(0, below - 1));
  return [...picked].sort((a, b) => a - b);
}
