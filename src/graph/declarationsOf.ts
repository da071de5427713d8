import { readDeclarations, type Declarations } from '../decorators/readDeclarations.js';
import { arrowHookError } from './arrowHookError.js';
import { displayName } from './displayName.js';
import type { BindingView } from './inversifyAdapter.js';
import { ownHookProperties } from './ownHookProperties.js';

/** What a binding declares for readygraph, with the class of its instance and, for a constant, its value. */
export type BindingDeclarations = Declarations;

/**
 * The declarations of a class binding (its class's) or of a constant (its value's hooks, and what its class
 * declares); `undefined` for the forms whose instance cannot be seen without calling user code (dynamic and resolved
 * values, factories, providers) and for redirections, which are their target's node.
 */
export function declarationsOf(binding: BindingView): BindingDeclarations | undefined {
  if (binding.type === 'Instance') return binding.implementationType === undefined ? undefined : readDeclarations(binding.implementationType);
  if (binding.type !== 'ConstantValue') return undefined;
  const value = binding.value;
  // A function (a class, say) bound as a constant is a value, not an instance with hooks.
  if (typeof value !== 'object' || value === null) return undefined;
  return readDeclarations(classOf(value), { value });
}

/**
 * A constant that is an instance of a class must have its hooks as methods of that class, as every class-bound
 * service must (an arrow-function field is invisible before construction); a plain object's members are its own.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` naming the class and the hooks.
 */
export function assertHooksAreMethods(name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const type = classOf(value);
  if (type === Object) return;
  const hooks = ownHookProperties(value);
  if (hooks.length > 0) throw arrowHookError(name, displayName(type), hooks);
}

/** The class of an instance; `Object` for a plain object (or one without a prototype). */
function classOf(value: object): Function {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === null || prototype === Object.prototype) return Object;
  const constructor = (prototype as { constructor?: unknown }).constructor;
  return typeof constructor === 'function' ? constructor : Object;
}
