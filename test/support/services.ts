import 'reflect-metadata';
import { injectable, type Container } from 'inversify';
import { dependsOn, inLayer, type DependsOnTarget, type Layer, type ReadyContext, type StopContext } from 'readygraph';

/** How a test service behaves. */
export interface ServiceSpec {
  readonly dependsOn?: readonly DependsOnTarget[];
  readonly layer?: Layer;
  readonly onReady?: (context: ReadyContext) => void | Promise<void>;
  readonly onStop?: (context: StopContext) => void | Promise<void>;
}

/** A class named `name`, decorated as a singleton lifecycle service with the given hooks and declarations. */
export function defineService(name: string, spec: ServiceSpec = {}): new () => object {
  // A computed key gives the class its name, which is the service's name in the graph.
  const made = { [name]: class {} }[name] as new () => object;
  const prototype = made.prototype as Record<string, unknown>;
  if (spec.onReady !== undefined) prototype['onReady'] = spec.onReady;
  if (spec.onStop !== undefined) prototype['onStop'] = spec.onStop;
  injectable('Singleton')(made);
  if (spec.dependsOn !== undefined && spec.dependsOn.length > 0) dependsOn(...spec.dependsOn)(made);
  if (spec.layer !== undefined) inLayer(spec.layer)(made);
  return made;
}

/** Binds each class to itself. */
export function bindAll(container: Container, ...types: ReadonlyArray<new () => object>): void {
  for (const type of types) container.bind(type).toSelf();
}

/** A promise with its resolve and reject in hand. */
export interface Deferred<T = void> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Records what happened, in order, for assertions on ordering. */
export class Journal {
  public readonly entries: string[] = [];
  public add(entry: string): void {
    this.entries.push(entry);
  }
  public indexOf(entry: string): number {
    const index = this.entries.indexOf(entry);
    if (index < 0) throw new Error(`"${entry}" never happened; journal: ${this.entries.join(', ')}`);
    return index;
  }
  public has(entry: string): boolean {
    return this.entries.includes(entry);
  }
}

/** A hook that counts how many of its calls run at once; `most()` is the highest count seen. */
export function concurrencyProbe(pause: () => Promise<void>): { hook: () => Promise<void>; most: () => number } {
  let running = 0;
  let most = 0;
  return {
    hook: async () => {
      running += 1;
      most = Math.max(most, running);
      await pause();
      running -= 1;
    },
    most: () => most,
  };
}
