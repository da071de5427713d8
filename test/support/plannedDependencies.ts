import fc from 'fast-check';
import { inject, type Newable } from 'inversify';
import { dependsOn } from 'readygraph';

/** An edge of a random graph: on the service at index `on` of the classes made so far, declared or injected. */
export interface PlannedDependency {
  readonly on: number;
  readonly by: 'declared' | 'injected';
}

/** Up to three distinct dependencies of the service at `index` on earlier ones (none for the first), so the graph has no cycle. */
export function plannedDependencies(index: number): fc.Arbitrary<PlannedDependency[]> {
  if (index === 0) return fc.constant([]);
  return fc.uniqueArray(fc.record({ on: fc.nat(index - 1), by: fc.constantFrom<'declared' | 'injected'>('declared', 'injected') }), {
    maxLength: Math.min(index, 3),
    selector: (dependency) => dependency.on,
  });
}

/** Gives `type` its planned dependencies on earlier classes: `@dependsOn` for the declared, a property `@inject` for the others. */
export function declareDependencies(type: Newable, dependencies: readonly PlannedDependency[], classes: readonly Newable[]): void {
  const declared = dependencies.filter((dependency) => dependency.by === 'declared').map((dependency) => classes[dependency.on] as Newable);
  if (declared.length > 0) dependsOn(...declared)(type);
  for (const dependency of dependencies.filter((candidate) => candidate.by === 'injected')) {
    inject(classes[dependency.on] as Newable)(type.prototype as object, `dependency${dependency.on}`);
  }
}
