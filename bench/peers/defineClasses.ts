import 'reflect-metadata';
import { decorate, inject, injectable } from 'inversify';
import type { Dag } from '../dag/Dag.js';

export type ServiceClass = new (...dependencies: unknown[]) => object;

/**
 * One class per node, named S0, S1, … (as an application's classes have names of their own), made a singleton with
 * `@injectable('Singleton')`. `body(node)` gives the class its hook methods. With `inject: true` a class receives its
 * dependencies through its constructor, the ordinary Inversify way; `decorateClass` may add more decorators
 * (readygraph's `dependsOn`, inversify's `postConstruct`).
 */
export function defineClasses(
  dag: Dag,
  options: {
    readonly inject: boolean;
    readonly body: (node: number) => ServiceClass;
    readonly decorateClass?: (type: ServiceClass, dependencies: readonly ServiceClass[]) => void;
  },
): ServiceClass[] {
  const classes: ServiceClass[] = [];
  dag.deps.forEach((deps, node) => {
    const type = options.body(node);
    Object.defineProperty(type, 'name', { value: `S${node}` });
    const dependencies = deps.map((dep) => classes[dep] as ServiceClass);
    if (options.inject) dependencies.forEach((dependency, index) => decorate(inject(dependency), type, index));
    options.decorateClass?.(type, dependencies);
    decorate(injectable('Singleton'), type);
    classes.push(type);
  });
  return classes;
}
