import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { DependsOnTarget } from './DependsOnTarget.js';
import { isLayer } from './layer.js';
import { updateOwnDeclarations } from './ownDeclarations.js';
import { isLazyServiceIdentifier } from './isLazyServiceIdentifier.js';

/**
 * Declares readiness dependencies that injection does not show: the class's `onReady` runs only once every target
 * is ready. A target is a service identifier (class, symbol, string), a layer, or inversify's
 * `LazyServiceIdentifier` (the way out of a circular import). Repeated use adds up; a subclass adds to its bases.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for an `undefined` or otherwise invalid target, naming the class and
 *   the argument position (`undefined` is the classic symptom of a circular import).
 */
export function dependsOn(...targets: DependsOnTarget[]): ClassDecorator {
  return (target) => {
    targets.forEach((dependency: unknown, index) => {
      if (!isValidTarget(dependency)) {
        const hint =
          dependency === undefined || dependency === null
            ? '. This is usually a circular import: the imported class is not defined yet when the decorator runs. ' +
              'Use new LazyServiceIdentifier(() => TheClass), a symbol or string token, or move the class to a module of its own'
            : '. A target is a class, a symbol, a string, or a layer made by layer()';
        throw new ReadyGraphError(
          errorCodes.usage,
          `@dependsOn(...) on "${target.name}": argument ${index + 1} is ${describeValue(dependency)}${hint}`,
        );
      }
    });
    updateOwnDeclarations(target, (current) => ({ ...current, dependsOn: [...current.dependsOn, ...targets] }));
  };
}

function isValidTarget(value: unknown): boolean {
  return (
    typeof value === 'function' ||
    typeof value === 'symbol' ||
    (typeof value === 'string' && value !== '') ||
    isLayer(value) ||
    isLazyServiceIdentifier(value)
  );
}
