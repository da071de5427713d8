import type { ServiceIdentifier } from './isLazyServiceIdentifier.js';
import type { DependsOnTarget } from './DependsOnTarget.js';
import type { Layer } from './layer.js';
import { ownDeclarations } from './ownDeclarations.js';
import { propertyOf } from './propertyOf.js';
import type { SupervisionPolicy } from './SupervisionPolicy.js';

const noTargets: readonly DependsOnTarget[] = Object.freeze([]);
const noIdentifiers: readonly ServiceIdentifier[] = Object.freeze([]);

/** What a class declares for readygraph, bases included; for a constant, with the hooks its value has. */
export interface Declarations {
  /** The class of the instance. */
  readonly type: Function;
  /** A constant binding's value (its hooks are its own members or its class's), else undefined. */
  readonly constant: { readonly value: unknown } | undefined;
  readonly layer: Layer | undefined;
  readonly dependsOn: readonly DependsOnTarget[];
  readonly hasOnReady: boolean;
  readonly hasOnStop: boolean;
  readonly hasCheckHealth: boolean;
  /** The nearest `@supervise` policy along the class chain. */
  readonly supervise: SupervisionPolicy | undefined;
  /** Every `@independentOf` target along the class chain. */
  readonly independentOf: readonly ServiceIdentifier[];
  /** `@deferred()` on the class or a base (the layer's `deferred` option is the graph's to add). */
  readonly deferred: boolean;
}

/**
 * Reads the declarations of `type`: its layer (its own, else its nearest base's), every `@dependsOn` target along
 * the prototype chain, and whether it has `onReady` / `onStop` methods (own or inherited) — or, for `constant`, an
 * instance of `type`, whether the instance has them. One object per call: a build reads every class once.
 */
export function readDeclarations(type: Function, constant?: { readonly value: object }): Declarations {
  let layer: Layer | undefined;
  let supervise: SupervisionPolicy | undefined;
  // Most classes declare nothing and share one empty list; a class that declares alone keeps its own list uncopied.
  let dependsOn = noTargets;
  let independentOf = noIdentifiers;
  let deferred = false;
  for (let current: unknown = type; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    const own = ownDeclarations(current);
    if (own === undefined) continue;
    layer ??= own.layer;
    supervise ??= own.supervise;
    if (own.dependsOn.length > 0) dependsOn = dependsOn.length === 0 ? own.dependsOn : [...dependsOn, ...own.dependsOn];
    if (own.independentOf !== undefined) independentOf = independentOf.length === 0 ? own.independentOf : [...independentOf, ...own.independentOf];
    deferred ||= own.deferred === true;
  }
  // A constant's hooks are its value's members (own or its class's); a class's, its prototype's.
  const prototype = constant === undefined ? propertyOf(type, 'prototype') : undefined;
  const hooks = constant === undefined ? (typeof prototype === 'object' && prototype !== null ? prototype : undefined) : constant.value;
  return {
    type,
    constant,
    layer,
    dependsOn,
    hasOnReady: hooks !== undefined && typeof propertyOf(hooks, 'onReady') === 'function',
    hasOnStop: hooks !== undefined && typeof propertyOf(hooks, 'onStop') === 'function',
    hasCheckHealth: hooks !== undefined && typeof propertyOf(hooks, 'checkHealth') === 'function',
    supervise,
    independentOf,
    deferred,
  };
}

/**
 * True if readygraph manages instances of `type`: it has a hook or a health check, or declares a layer, readiness
 * dependencies, a supervision policy or `@deferred()`. (`@independentOf` only qualifies edges: alone it makes nothing
 * a lifecycle service.)
 */
export function isLifecycleClass(declarations: Declarations): boolean {
  return (
    declarations.hasOnReady ||
    declarations.hasOnStop ||
    declarations.hasCheckHealth ||
    declarations.layer !== undefined ||
    declarations.dependsOn.length > 0 ||
    declarations.supervise !== undefined ||
    declarations.deferred
  );
}
