/** The hooks readygraph finds by name on a lifecycle service. */
export type HookName = 'onReady' | 'onStop' | 'checkHealth';

const hookNames: readonly HookName[] = ['onReady', 'onStop', 'checkHealth'];

/**
 * Which hooks `instance` carries as its own properties rather than on its prototype: an arrow-function field
 * (`onReady = async () => {…}`) is assigned by the constructor, so the graph, which reads the class and constructs
 * nothing, cannot see it. Pure; reads no getter.
 */
export function ownHookProperties(instance: object): HookName[] {
  return hookNames.filter((hook) => Object.getOwnPropertyDescriptor(instance, hook) !== undefined);
}
