import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { circularLayerImportHint, isLayer, type Layer } from './layer.js';
import { ownDeclarations, updateOwnDeclarations } from './ownDeclarations.js';

/**
 * Makes the class a member of `layer`: it starts only once every layer that `layer` depends on is ready, and
 * `layer` is ready only once it is. One layer per class; a subclass may name its own, which replaces the base's.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` if the argument is not a layer or the class already has another layer.
 */
export function inLayer(layer: Layer): ClassDecorator {
  return (target) => {
    if (!isLayer(layer)) {
      throw new ReadyGraphError(
        errorCodes.usage,
        `@inLayer(...) on "${target.name}": the argument is not a layer made by layer(); got ${describeValue(layer)}` +
          (layer === undefined ? circularLayerImportHint : ''),
      );
    }
    const existing = ownDeclarations(target)?.layer;
    if (existing !== undefined && existing !== layer) {
      throw new ReadyGraphError(
        errorCodes.usage,
        `"${target.name}" is put in two layers, "${existing.name}" and "${layer.name}"; a class belongs to one layer: keep one @inLayer`,
      );
    }
    updateOwnDeclarations(target, (current) => ({ ...current, layer }));
  };
}
