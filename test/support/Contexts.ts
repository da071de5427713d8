import type { ReadyContext } from 'readygraph';

/** Keeps each run's context as `onReady` receives it, so a test can call `unready`/`ready`/`fail` later. */
export class Contexts {
  public readonly all: ReadyContext[] = [];
  public readonly onReady = (context: ReadyContext): void => {
    this.all.push(context);
  };
  /** The context of the latest run. */
  public get last(): ReadyContext {
    const last = this.all.at(-1);
    if (last === undefined) throw new Error('onReady was never called');
    return last;
  }
}
