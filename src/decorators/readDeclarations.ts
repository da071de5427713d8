import type { DependsOnTarget } from './DependsOnTarget.js';
import type { Layer } from './layer.js';
import { ownDeclarations } from './ownDeclarations.js';
import { propertyOf } from './propertyOf.js';

const noTargets: readonly DependsOnTarget[] = Object.freeze([]);

/** What a class declares for readygraph, bases included. */
export interface Declarations {
  readonly layer: Layer | undefined;
  readonly dependsOn: readonly DependsOnTarget[];
  readonly hasOnReady: boolean;
  readonly hasOnStop: boolean;
}

/**
 * Reads the declarations of `type`: its layer (its own, else its nearest base's), every `@dependsOn` target along
 * the prototype chain, and whether it has `onReady` / `onStop` methods (own or inherited).
 */
export function readDeclarations(type: Function): Declarations {
  let layer: Layer | undefined;
  // Most classes declare nothing and share one empty list; a class that declares alone keeps its own list uncopied.
  let dependsOn = noTargets;
  for (let current: unknown = type; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    const own = ownDeclarations(current);
    if (own === undefined) continue;
    layer ??= own.layer;
    if (own.dependsOn.length > 0) dependsOn = dependsOn.length === 0 ? own.dependsOn : [...dependsOn, ...own.dependsOn];
  }
  const prototype = propertyOf(type, 'prototype');
  const isObject = typeof prototype === 'object' && prototype !== null;
  return {
    layer,
    dependsOn,
    hasOnReady: isObject && typeof propertyOf(prototype, 'onReady') === 'function',
    hasOnStop: isObject && typeof propertyOf(prototype, 'onStop') === 'function',
  };
}

/** True if readygraph manages instances of `type`: it has a hook or declares a layer or readiness dependencies. */
export function isLifecycleClass(declarations: Declarations): boolean {
  return declarations.hasOnReady || declarations.hasOnStop || declarations.layer !== undefined || declarations.dependsOn.length > 0;
}
