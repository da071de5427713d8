import type { EdgeKind } from './EdgeKind.js';

/** An edge between vertices: `from` waits for `to`. */
export interface VertexEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  readonly via: readonly string[];
}
