import type { ServiceIdentifier } from './isLazyServiceIdentifier.js';
import type { DependsOnTarget } from './DependsOnTarget.js';
import type { Layer } from './layer.js';
import type { SupervisionPolicy } from './SupervisionPolicy.js';

/** What the decorators wrote on one class itself. */
export interface OwnDeclarations {
  readonly layer: Layer | undefined;
  readonly dependsOn: readonly DependsOnTarget[];
  /** The `@supervise` policy written on the class itself. */
  readonly supervise?: SupervisionPolicy;
  /** The `@independentOf` targets written on the class itself. */
  readonly independentOf?: readonly ServiceIdentifier[];
  /** `@deferred()` is written on the class itself. */
  readonly deferred?: boolean;
}

/*
 * Where `@inLayer` and `@dependsOn` record what they declare: one registry per process, class → its own record. It
 * hangs on a registered symbol of globalThis, so that every copy of readygraph loaded in a process (the CLI's and the
 * application's, say) sees the same declarations, as they would through reflect-metadata's global store. A WeakMap
 * look-up is several times cheaper than a reflect-metadata one, and the graph build makes one per class.
 */
const registryKey = Symbol.for('readygraph.declarations');
const registry: WeakMap<object, OwnDeclarations> = ((globalThis as { [registryKey]?: WeakMap<object, OwnDeclarations> })[registryKey] ??=
  new WeakMap());

/** The declarations written on `type` itself (not its bases), if any. */
export function ownDeclarations(type: object): OwnDeclarations | undefined {
  return registry.get(type);
}

/** Replaces what is written on `type` itself with `change` applied to it. */
export function updateOwnDeclarations(type: object, change: (current: OwnDeclarations) => OwnDeclarations): void {
  registry.set(type, change(registry.get(type) ?? { layer: undefined, dependsOn: [] }));
}
