import type { EdgeKind } from './EdgeKind.js';

/** An edge as drawn: between services and layers (`from` waits for `to`). */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** `'service'` or `'layer'`, for each end. */
  readonly fromKind: 'service' | 'layer';
  readonly toKind: 'service' | 'layer';
  readonly kind: EdgeKind;
  /** For injected (or declared through a plain service) edges: the plain services in between. */
  readonly via?: readonly string[];
}
