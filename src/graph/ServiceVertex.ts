import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import type { Layer } from '../decorators/layer.js';
import type { SupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { VertexResolution } from './VertexResolution.js';

/**
 * A lifecycle service vertex. The vertex types are not exported from the package root, yet not marked internal
 * either: the shipped declarations of the graph's internals import them, so `stripInternal` must leave them in (without
 * them those declarations fail for a consumer who checks every `.d.ts`).
 */
export interface ServiceVertex {
  readonly kind: 'service';
  readonly index: number;
  readonly name: string;
  readonly layer: Layer | undefined;
  readonly serviceIdentifier: ServiceIdentifier;
  /** The class of the instance: a class binding's implementation, a constant's constructor. */
  readonly implementationType: Function;
  readonly hasOnReady: boolean;
  readonly hasOnStop: boolean;
  readonly hasCheckHealth: boolean;
  /** The class's own `@supervise` policy (the Lifecycle's `supervise` option fills in the rest). */
  readonly supervise: SupervisionPolicy | undefined;
  /** The inversify binding's id (negative for a class inversify would autobind). */
  readonly bindingId: number;
  /** How `resolveVertex` resolves the service through its own binding. */
  readonly resolution: VertexResolution;
  /** `@deferred()` on its class, or a member of a `layer(name, { deferred: true })`: it does not gate readiness. */
  readonly deferred: boolean;
  /** A `toConstantValue` service: its value is its instance, nothing is constructed. */
  readonly constant: { readonly value: unknown } | undefined;
}
