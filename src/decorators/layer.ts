import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';

// A registered symbol, so that a Layer made by one copy of readygraph is recognised by another.
const layerBrand: unique symbol = Symbol.for('readygraph.layer') as never;

/** @internal What an `undefined` layer (in `dependsOn`, or given to `@inLayer`) usually means, and the fix. */
export const circularLayerImportHint = '. This is usually a circular import: define the layer tokens in a module of their own';

/**
 * A group of services that becomes ready together. Every member waits for each layer the layer depends on;
 * the layer is ready when those layers are ready and all its members are ready (an empty layer passes its
 * dependencies on). Made by {@link layer}; compared by identity, not by name.
 */
export interface Layer {
  readonly name: string;
  readonly dependsOn: readonly Layer[];
  /** Every member is deferred (see `@deferred()`). */
  readonly deferred: boolean;
  readonly [layerBrand]: true;
}

/** Options of {@link layer}. */
export interface LayerOptions {
  /** Layers whose every service must be ready before any member of this layer starts. Default: none. */
  readonly dependsOn?: readonly Layer[];
  /**
   * `true`: every member is a deferred service (as if each had `@deferred()`): none gates readiness, and a service
   * that is not deferred must not depend on the layer. Default `false`.
   */
  readonly deferred?: boolean;
}

/**
 * Makes a layer token.
 *
 * @example
 * export const Web = layer('web');
 * export const Consensus = layer('consensus', { dependsOn: [Web] });
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for an empty name, a `dependsOn` entry that is not a layer
 *   (often `undefined` from a circular import), or a `deferred` that is not a boolean.
 */
export function layer(name: string, options: LayerOptions = {}): Layer {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ReadyGraphError(errorCodes.usage, `layer(name): the name must be a non-empty string; got ${describeValue(name)}`);
  }
  const dependsOn = options.dependsOn ?? [];
  if (!Array.isArray(dependsOn)) {
    throw new ReadyGraphError(
      errorCodes.usage,
      `layer(${JSON.stringify(name)}, { dependsOn }): dependsOn must be an array of layers; got ${describeValue(dependsOn)}`,
    );
  }
  dependsOn.forEach((dependency: unknown, index) => {
    if (!isLayer(dependency)) {
      throw new ReadyGraphError(
        errorCodes.usage,
        `layer(${JSON.stringify(name)}, { dependsOn }): entry ${index + 1} is not a layer made by layer(); got ${describeValue(dependency)}` +
          (dependency === undefined ? circularLayerImportHint : ''),
      );
    }
  });
  const deferred = options.deferred ?? false;
  if (typeof deferred !== 'boolean') {
    throw new ReadyGraphError(errorCodes.usage, `layer(${JSON.stringify(name)}, { deferred }): deferred must be true or false; got ${describeValue(deferred)}`);
  }
  // Frozen, and the list copied: a layer's dependencies are fixed when it is made, so layers cannot form a cycle.
  return Object.freeze({ name, dependsOn: Object.freeze([...dependsOn]), deferred, [layerBrand]: true as const });
}

/** True for a token made by {@link layer}. */
export function isLayer(value: unknown): value is Layer {
  return typeof value === 'object' && value !== null && (value as { [layerBrand]?: unknown })[layerBrand] === true;
}
