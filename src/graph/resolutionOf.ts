import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { displayName } from './displayName.js';
import type { InjectionConstraint } from './injectionConstraints.js';
import type { BindingConstraintsView, BindingView } from './inversifyAdapter.js';
import type { VertexResolution } from './VertexResolution.js';

const noTags: ReadonlyMap<unknown, unknown> = new Map();
const byDefault: InjectionConstraint = {};
const sole: VertexResolution = Object.freeze({ chained: false, index: 0, count: 1 });
const soleChained: VertexResolution = Object.freeze({ chained: true, index: 0, count: 1 });

/**
 * What testing a binding's constraint showed, as bits: {@link satisfied}, and {@link readsInjection} if the constraint
 * looked at where the binding is injected (`whenParent…`, `whenAnyAncestor…`, a custom `when`). A number, not an
 * object: a build tests every lifecycle service's binding once.
 */
type Test = number;
const satisfied = 1;
const readsInjection = 2;

/** The place a constraint is tested at: outside any injection, with a name or tag. */
class TestPlace implements BindingConstraintsView {
  public readonly serviceIdentifier: ServiceIdentifier;
  public readonly name: unknown;
  public readonly tags: ReadonlyMap<unknown, unknown>;
  /** Set if the constraint asked for the place's ancestor (there is none: it is not an injection). */
  public askedForAncestor = false;

  public constructor(serviceIdentifier: ServiceIdentifier, constraint: InjectionConstraint) {
    this.serviceIdentifier = serviceIdentifier;
    this.name = constraint.name;
    this.tags = constraint.tag === undefined ? noTags : new Map([[constraint.tag.key, constraint.tag.value]]);
  }

  public getAncestor(): undefined {
    this.askedForAncestor = true;
    return undefined;
  }
}

/**
 * How to resolve the lifecycle service of `binding` on its own, through that binding: without name or tag if its
 * constraint allows (the usual case), else with the first name or tag an injection of its identifier asks for that
 * its constraint accepts. `bindings` are those the request sees (the container's, or the chain's if `chained`).
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for a constraint that only an injection can satisfy, or that no
 *   name or tag used anywhere satisfies: `start()` could not resolve the service.
 */
export function resolutionOf(
  name: string,
  binding: BindingView,
  bindings: readonly BindingView[],
  chained: boolean,
  candidates: (serviceIdentifier: ServiceIdentifier) => readonly InjectionConstraint[],
): VertexResolution {
  const unconstrained = test(binding, byDefault);
  // The usual case, one binding its constraint lets resolve without a name or tag, is answered without a search.
  if ((unconstrained & satisfied) !== 0 && bindings.length === 1) return chained ? soleChained : sole;
  let readInjection = false;
  for (const constraint of [byDefault, ...((unconstrained & satisfied) !== 0 ? [] : candidates(binding.serviceIdentifier))]) {
    const result = test(binding, constraint);
    readInjection ||= (result & readsInjection) !== 0;
    if ((result & satisfied) === 0) continue;
    const group = bindings.length === 1 ? bindings : bindings.filter((other) => (test(other, constraint) & satisfied) !== 0);
    return { ...constraint, chained, index: group.indexOf(binding), count: group.length };
  }
  throw unresolvableError(name, binding.serviceIdentifier, readInjection);
}

function test(binding: BindingView, constraint: InjectionConstraint): Test {
  if (binding.isSatisfiedBy === undefined) return satisfied;
  const place = new TestPlace(binding.serviceIdentifier, constraint);
  try {
    return (binding.isSatisfiedBy(place) ? satisfied : 0) | (place.askedForAncestor ? readsInjection : 0);
  } catch {
    // A custom constraint that fails outside an injection reads what only an injection has.
    return readsInjection;
  }
}

function unresolvableError(name: string, serviceIdentifier: ServiceIdentifier, readsInjection: boolean): ReadyGraphError {
  const identifier = displayName(serviceIdentifier);
  const message = readsInjection
    ? `"${name}" is a lifecycle service bound with a constraint on where it is injected (whenParent…, whenAnyAncestor…, ` +
      `whenNoParent… or a custom when()); readygraph resolves every lifecycle service on its own, outside any injection, so no ` +
      `request can satisfy it. Use whenNamed / whenTagged / whenDefault for this binding of ${identifier}, or make the service plain ` +
      `(no onReady, onStop, @inLayer or @dependsOn)`
    : `"${name}" is a lifecycle service bound with a constraint that no name or tag readygraph can request satisfies: none of the ` +
      `injections of ${identifier} asks for a name or tag its constraint accepts. readygraph resolves a named or tagged lifecycle ` +
      `service with the name or tag its injections use: inject it somewhere with @named / @tagged, or bind it with whenDefault()`;
  return new ReadyGraphError(errorCodes.usage, message);
}
