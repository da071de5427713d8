import type { Layer } from '../decorators/layer.js';

/** A layer vertex: ready when its members and the layers it depends on are ready. */
export interface LayerVertex {
  readonly kind: 'layer';
  readonly index: number;
  readonly name: string;
  readonly layer: Layer;
}
