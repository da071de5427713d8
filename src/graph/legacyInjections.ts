import 'reflect-metadata';
import { injectionKind, injectsUndefined, type InjectionPlace, type InjectionView } from './InjectionView.js';

/*
 * The injections of a class as InversifyJS 5.1 and 6 plan them, read from the metadata their decorators write:
 *  - `@injectable()` copies TypeScript's `design:paramtypes` to `inversify:paramtypes`: the type of every constructor
 *    argument;
 *  - `@inject`, `@multiInject`, `@named`, `@tagged`, `@optional`, `@unmanaged` on a constructor argument add a
 *    `{ key, value }` entry to the list under its index in `inversify:tagged`; on a property, under its key in
 *    `inversify:tagged_props`.
 * Their planner reads both with `Reflect.getMetadata`, which looks up the prototype chain of the constructor: a class
 * that declares no constructor of its own takes its base class's constructor arguments. Properties are those of the
 * class and of every base class (the class's own first, each key once). An `@inject` / `@multiInject` overrides the
 * argument's type; a `named` entry is the injection's name; every other key but the planner's own is a tag.
 */

const taggedKey = 'inversify:tagged';
const taggedPropsKey = 'inversify:tagged_props';
const paramTypesKey = 'inversify:paramtypes';
const designParamTypesKey = 'design:paramtypes';
const nonTagKeys = new Set<unknown>(['named', 'name', 'unmanaged', 'optional', 'inject', 'multi_inject', 'post_construct', 'pre_destroy']);

/** One `{ key, value }` entry that the older decorators write. */
interface LegacyEntry {
  readonly key: unknown;
  readonly value: unknown;
}

type EntryLists = Readonly<Record<string | symbol, readonly LegacyEntry[] | undefined>>;

/** True if the older InversifyJS decorators (5.1, 6) wrote metadata on `type` or a base class. */
export function hasLegacyMetadata(type: Function): boolean {
  return Reflect.hasMetadata(paramTypesKey, type) || Reflect.hasMetadata(taggedKey, type) || Reflect.hasMetadata(taggedPropsKey, type);
}

/**
 * The injections InversifyJS 5.1 / 6 make into instances of `type`: constructor arguments in order (unmanaged ones
 * as such), then properties. Empty for a class without their metadata.
 */
export function legacyInjectionsOf(type: Function): readonly InjectionView[] {
  return legacyInjectionPointsOf(type).map((point) => point.injection);
}

/** The injection points of `type` whose identifier is `undefined`, `@unmanaged()` ones aside (see `undefinedInjectionsOf`). */
export function legacyUndefinedInjectionsOf(type: Function): InjectionPlace[] {
  return legacyInjectionPointsOf(type).flatMap((point) => (injectsUndefined(point.injection) ? [point.place] : []));
}

/** {@link legacyInjectionsOf} with the place of each: its constructor parameter (0-based) or property key. */
export function legacyInjectionPointsOf(type: Function): Array<{ readonly place: InjectionPlace; readonly injection: InjectionView }> {
  if (!hasLegacyMetadata(type)) return [];
  const types = (Reflect.getMetadata(paramTypesKey, type) ?? Reflect.getMetadata(designParamTypesKey, type) ?? []) as readonly unknown[];
  const tagged = (Reflect.getMetadata(taggedKey, type) ?? {}) as EntryLists;
  let count = types.length;
  for (const index of Object.keys(tagged)) count = Math.max(count, Number(index) + 1);
  const points: Array<{ readonly place: InjectionPlace; readonly injection: InjectionView }> = [];
  for (let index = 0; index < count; index += 1) points.push({ place: { parameter: index }, injection: injectionOf(tagged[String(index)] ?? [], types[index]) });
  const seen = new Set<string | symbol>();
  for (let level: unknown = type; typeof level === 'function' && level !== Object; level = baseOf(level)) {
    const properties = Reflect.getOwnMetadata(taggedPropsKey, level) as EntryLists | undefined;
    if (properties === undefined) continue;
    for (const key of Reflect.ownKeys(properties)) {
      if (seen.has(key)) continue;
      seen.add(key);
      points.push({ place: { property: key }, injection: injectionOf(properties[key] ?? [], undefined) });
    }
  }
  return points;
}

function baseOf(type: Function): unknown {
  const prototype = Object.getPrototypeOf(type.prototype) as { constructor?: unknown } | null;
  return prototype?.constructor;
}

function injectionOf(entries: readonly LegacyEntry[], type: unknown): InjectionView {
  let inject: LegacyEntry | undefined;
  let multiInject: LegacyEntry | undefined;
  let name: unknown;
  let optional = false;
  let unmanaged = false;
  let tags: Map<unknown, unknown> | undefined;
  for (const entry of entries) {
    if (entry.key === 'inject') inject = entry;
    else if (entry.key === 'multi_inject') multiInject = entry;
    else if (entry.key === 'named') name = entry.value;
    else if (entry.key === 'optional') optional = true;
    else if (entry.key === 'unmanaged') unmanaged = true;
    else if (!nonTagKeys.has(entry.key)) (tags ??= new Map()).set(entry.key, entry.value);
  }
  if (unmanaged) return { kind: injectionKind.unmanaged };
  const view: { kind: number; value: unknown; name?: unknown; optional: boolean; tags: ReadonlyMap<unknown, unknown> } = {
    kind: inject === undefined && multiInject !== undefined ? injectionKind.multiple : injectionKind.single,
    value: (inject ?? multiInject)?.value ?? type,
    optional,
    tags: tags ?? new Map(),
  };
  if (name !== undefined) view.name = name;
  return view;
}
