import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { inject, injectable } from 'inversify';
import type { OnReady, OnStop } from 'readygraph';
import { Config } from '../config/Config.js';
import { controllerStateSchema, type ControllerState } from './controllerStateSchema.js';
import { JsonStore } from './JsonStore.js';

/**
 * The controller's durable state, in `<dataDir>/controller-state.json`: what peers said in their hellos and whether
 * the cluster has been bootstrapped. Used by the web APIs and by the consensus layer alike, which is why it sits
 * below both in the readiness graph. Other durable data (a Raft log) belongs in `dataDir` too.
 */
@injectable('Singleton')
export class Storage implements OnReady, OnStop {
  private store: JsonStore<ControllerState> | undefined;

  public constructor(@inject(Config) private readonly config: Config) {}

  public async onReady(): Promise<void> {
    const { id, dataDir } = this.config.value;
    await mkdir(dataDir, { recursive: true });
    const store = await JsonStore.open(join(dataDir, 'controller-state.json'), controllerStateSchema, { version: 1, nodeId: id, peers: {} });
    if (store.value.nodeId !== id) {
      throw new Error(`data directory ${dataDir} belongs to controller "${store.value.nodeId}", not "${id}"; give each controller its own dataDir`);
    }
    await store.update((state) => state); // creates the file on first start, so that a bad dataDir fails now
    this.store = store;
  }

  public async onStop(): Promise<void> {
    await this.store?.flushed();
  }

  /** The data directory, for services that keep files of their own. */
  public get dataDir(): string {
    return this.config.value.dataDir;
  }

  public get state(): ControllerState {
    return this.opened().value;
  }

  /** Changes the state and persists it (atomically); resolves once it is on disk. */
  public async update(change: (state: ControllerState) => ControllerState): Promise<void> {
    await this.opened().update(change);
  }

  private opened(): JsonStore<ControllerState> {
    if (this.store === undefined) throw new Error('storage used before it was opened');
    return this.store;
  }
}
