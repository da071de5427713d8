import type { ServiceIdentifier } from './isLazyServiceIdentifier.js';
import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { isLayer } from './layer.js';
import { updateOwnDeclarations } from './ownDeclarations.js';

/**
 * Removes the implicit readiness edges from this class to `targets`: the class reaches them through injection
 * (directly or through plain services) but may use them before they are ready — a scheduler whose `schedule()` only
 * queues, say. Only injection edges go; layer edges and `@dependsOn` stay. It qualifies edges and nothing else: it
 * does not make the class a lifecycle service. Repeated use adds up; a subclass adds to its bases.
 *
 * `graph()` reports, as `ERR_READYGRAPH_USAGE` naming the class and the target, a target that is also in the class's
 * `@dependsOn`, or that the class does not reach through injection at all (an annotation that does nothing is a
 * mistake).
 *
 * @example @injectable('Singleton') @independentOf(Scheduler) class RequestHandler { constructor(scheduler: Scheduler) {} }
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for a target that is not a service identifier (`undefined` is the
 *   symptom of a circular import; a layer is not a target: its edges stay), naming the class and the argument.
 */
export function independentOf(...targets: ServiceIdentifier[]): ClassDecorator {
  return (target) => {
    if (targets.length === 0) {
      throw new ReadyGraphError(errorCodes.usage, `@independentOf() on "${target.name}" names no target; name the injected services it may use before they are ready`);
    }
    targets.forEach((identifier: unknown, index) => {
      const valid = typeof identifier === 'function' || typeof identifier === 'symbol' || (typeof identifier === 'string' && identifier !== '');
      if (valid) return;
      const hint =
        identifier === undefined || identifier === null
          ? '. This is usually a circular import: the imported class is not defined yet when the decorator runs; use a symbol or string token, or move the class to a module of its own'
          : isLayer(identifier)
            ? '. A layer is not a target: @independentOf removes injection edges only, and layer edges stay'
            : '. A target is a class, a symbol or a string';
      throw new ReadyGraphError(errorCodes.usage, `@independentOf(...) on "${target.name}": argument ${index + 1} is ${describeValue(identifier)}${hint}`);
    });
    updateOwnDeclarations(target, (current) => ({ ...current, independentOf: [...(current.independentOf ?? []), ...targets] }));
  };
}
