import { unwrapLazy } from '../decorators/isLazyServiceIdentifier.js';
import { injectionKind, type BindingReader, type InjectionView } from './inversifyAdapter.js';

/** A name or tag an injection asks for: what a binding's `whenNamed` / `whenTagged` constraint can be tested with. */
export interface InjectionConstraint {
  readonly name?: string | number | symbol;
  readonly tag?: { readonly key: string | number | symbol; readonly value: unknown };
}

/**
 * Every name and tag that the injections of the container's classes and resolved values ask for, by identifier.
 * Inversify keeps a binding's constraint as an opaque function, so these are the names and tags it can be tested
 * against (one tag at a time, as `container.get` takes them).
 */
export function injectionConstraints(reader: BindingReader): ReadonlyMap<unknown, readonly InjectionConstraint[]> {
  const found = new Map<unknown, InjectionConstraint[]>();
  const add = (injection: InjectionView): void => {
    if (injection.kind === injectionKind.unmanaged || injection.value === undefined) return;
    const hasTags = (injection.tags?.size ?? 0) > 0;
    if (injection.name === undefined && !hasTags) return;
    const serviceIdentifier = unwrapLazy(injection.value);
    let list = found.get(serviceIdentifier);
    if (list === undefined) {
      list = [];
      found.set(serviceIdentifier, list);
    }
    const name = injection.name as InjectionConstraint['name'];
    if (!hasTags) list.push({ name: name as NonNullable<InjectionConstraint['name']> });
    for (const [key, value] of injection.tags ?? []) {
      const tag = { key: key as string | number | symbol, value };
      list.push(name === undefined ? { tag } : { name, tag });
    }
  };
  for (const serviceIdentifier of reader.boundServices()) {
    for (const binding of reader.bindings(serviceIdentifier)) {
      if (binding.type === 'Instance' && binding.implementationType !== undefined) reader.injectionsOf(binding.implementationType).forEach(add);
      else if (binding.type === 'ResolvedValue') binding.metadata?.arguments.forEach(add);
    }
  }
  return found;
}
