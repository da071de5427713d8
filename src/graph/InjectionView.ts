import { unwrapLazy } from '../decorators/isLazyServiceIdentifier.js';

/** One injection point (constructor argument, property, or resolved-value argument). */
export interface InjectionView {
  /** 0: multiple injection, 1: single injection, 2: unmanaged. */
  readonly kind: number;
  readonly value?: unknown;
  readonly name?: unknown;
  readonly optional?: boolean;
  readonly tags?: ReadonlyMap<unknown, unknown>;
  /** A multiple injection that also takes the bindings of every ancestor container (`@multiInject(id, { chained: true })`). */
  readonly chained?: boolean;
}

/** What {@link InjectionView.kind} says. */
export const injectionKind = { multiple: 0, single: 1, unmanaged: 2 } as const;

/**
 * True for an injection whose identifier is `undefined` (the emitted type of a class imported in a circle,
 * `@inject(undefined)`, a lazy identifier that unwraps to `undefined`); `@unmanaged()` ones inject nothing and are not.
 */
export function injectsUndefined(injection: InjectionView | undefined): boolean {
  return injection !== undefined && injection.kind !== injectionKind.unmanaged && unwrapLazy(injection.value) === undefined;
}

/** Where an injection point sits in its class: a constructor parameter (0-based) or a property. */
export type InjectionPlace = { readonly parameter: number } | { readonly property: PropertyKey };
