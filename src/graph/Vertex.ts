import type { LayerVertex } from './LayerVertex.js';
import type { ServiceVertex } from './ServiceVertex.js';

/** A vertex of the graph: a service or a layer. */
export type Vertex = ServiceVertex | LayerVertex;
