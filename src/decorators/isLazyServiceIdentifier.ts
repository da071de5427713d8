/*
 * InversifyJS 7 and 8 export `LazyServiceIdentifier`; 5.1 and 6.0 only the misspelt `LazyServiceIdentifer` (6.1 and
 * 6.2 both). Both spellings are the same thing, an object whose `unwrap()` returns the identifier, so it is recognised
 * by that method rather than by class: nothing is imported from inversify at run time, and an identifier made by any
 * copy or major of inversify is recognised.
 */

/**
 * A service identifier of every supported InversifyJS major: a class (an abstract one too), a symbol or a string.
 * Declared here because InversifyJS 6 exports its own only as `interfaces.ServiceIdentifier` and 5.1 neither, so the
 * public typings compile against whichever major the application has.
 */
export type ServiceIdentifier = string | symbol | Function;

/** InversifyJS's `LazyServiceIdentifier` (`LazyServiceIdentifer` in 5.1 and 6.0), as every major makes it. */
export interface LazyServiceIdentifier {
  unwrap(): ServiceIdentifier;
}

/** True for inversify's `LazyServiceIdentifier` (either spelling, any copy of inversify). */
export function isLazyServiceIdentifier(value: unknown): value is LazyServiceIdentifier {
  // Objects only: the common identifiers, classes, are answered by one typeof.
  return typeof value === 'object' && value !== null && typeof (value as { unwrap?: unknown }).unwrap === 'function';
}

/** The identifier a `LazyServiceIdentifier` stands for; any other value as it is. */
export function unwrapLazy(value: unknown): unknown {
  return isLazyServiceIdentifier(value) ? value.unwrap() : value;
}
