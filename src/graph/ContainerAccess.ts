import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import type { BindingReader } from './inversifyAdapter.js';

/**
 * A container of any supported InversifyJS major, as `new Lifecycle(container)` takes it. Structural, because the
 * application's `Container` type is its own major's (and, for a CommonJS application on 6, the CommonJS declaration of
 * it, which is not the one an ES module sees); which container it is, is recognised at run time ({@link ContainerAccess}).
 */
export interface InversifyContainer {
  bind(serviceIdentifier: never): unknown;
  get(serviceIdentifier: never): unknown;
  isBound(serviceIdentifier: never): unknown;
}

/** What selects a binding beside its identifier: a name (`whenNamed`) or one tag (`whenTagged`), never both on 5.1 / 6. */
export interface Selection {
  readonly name?: string | number | symbol;
  readonly tag?: { readonly key: string | number | symbol; readonly value: unknown };
}

/**
 * Everything readygraph does with a container, through the API of the major it was recognised as
 * ({@link containerAccessOf}): reading its bindings (never changing them) and resolving a service. The graph and the
 * runtime ask only this, so neither knows which major runs.
 */
export interface ContainerAccess {
  /** What the container was recognised as, for messages: `InversifyJS 8 (or 7.5.2 and later)`, `InversifyJS 6`, … */
  readonly kind: string;
  readonly reader: BindingReader;
  /** Resolves the one binding `selection` selects (asynchronous activation included where the major has it). */
  get(serviceIdentifier: ServiceIdentifier, selection?: Selection): Promise<unknown>;
  /** Resolves every binding `selection` selects, the ancestors' too if `chained` (a major without chaining ignores it). */
  getAll(serviceIdentifier: ServiceIdentifier, selection: Selection & { readonly chained?: boolean }): Promise<readonly unknown[]>;
}
