/** The hooks readygraph finds by name on a lifecycle service. */
export type HookName = 'onReady' | 'onStop' | 'checkHealth';

const hookNames: readonly HookName[] = ['onReady', 'onStop', 'checkHealth'];

/**
 * Which hooks `instance` carries as its own properties rather than on its prototype: an arrow-function field
 * (`onReady = async () => {…}`) is assigned by the constructor, so the graph, which reads the class and constructs
 * nothing, cannot see it. Pure; reads no getter.
 */
export function ownHookProperties(instance: object): HookName[] {
  // Checked for every service at its first start: the usual instance has none, and is answered without an array.
  if (!Object.hasOwn(instance, 'onReady') && !Object.hasOwn(instance, 'onStop') && !Object.hasOwn(instance, 'checkHealth')) return [];
  return hookNames.filter((hook) => Object.hasOwn(instance, hook));
}
