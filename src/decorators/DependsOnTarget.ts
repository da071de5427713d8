import type { LazyServiceIdentifier, ServiceIdentifier } from './isLazyServiceIdentifier.js';
import type { Layer } from './layer.js';

/** What `@dependsOn` accepts: a service identifier, a layer, or a lazy identifier that unwraps to one. */
export type DependsOnTarget = ServiceIdentifier | Layer | LazyServiceIdentifier;
