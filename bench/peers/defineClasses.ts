import 'reflect-metadata';
import { decorate, inject, injectable } from 'inversify';
import type { Dag } from '../dag/Dag.js';

export type ServiceClass = new (...dependencies: unknown[]) => object;

/** The decorators a major of InversifyJS offers (bench/peers/inversify6.ts passes InversifyJS 6's). */
export interface Decorators {
  readonly decorate: (decorator: never, target: ServiceClass, parameterIndex?: number) => void;
  readonly inject: (serviceIdentifier: ServiceClass) => unknown;
  /** Makes the class injectable; a singleton where the major can say so on the class. */
  readonly injectable: () => unknown;
}

const inversify8: Decorators = {
  decorate,
  inject,
  injectable: () => injectable('Singleton'),
};

/**
 * One class per node, named S0, S1, … (as an application's classes have names of their own), made a singleton with
 * `@injectable('Singleton')` (on InversifyJS 6, whose `@injectable()` has no scope, by its binding). `body(node)` gives the class its hook methods. With `inject: true` a class receives its
 * dependencies through its constructor, the ordinary Inversify way; `decorateClass` may add more decorators
 * (readygraph's `dependsOn`, inversify's `postConstruct`).
 */
export function defineClasses(
  dag: Dag,
  options: {
    readonly inject: boolean;
    readonly body: (node: number) => ServiceClass;
    readonly decorateClass?: (type: ServiceClass, dependencies: readonly ServiceClass[]) => void;
    /** InversifyJS 8's unless given. */
    readonly decorators?: Decorators;
  },
): ServiceClass[] {
  const { decorate: apply, inject: injectOf, injectable: injectableOf } = options.decorators ?? inversify8;
  const classes: ServiceClass[] = [];
  dag.deps.forEach((deps, node) => {
    const type = options.body(node);
    Object.defineProperty(type, 'name', { value: `S${node}` });
    const dependencies = deps.map((dep) => classes[dep] as ServiceClass);
    if (options.inject) dependencies.forEach((dependency, index) => apply(injectOf(dependency) as never, type, index));
    options.decorateClass?.(type, dependencies);
    apply(injectableOf() as never, type);
    classes.push(type);
  });
  return classes;
}
