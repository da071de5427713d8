import { inject, injectable } from 'inversify';
import type { OnReady } from 'readygraph';
import { ConfigFile } from '../tokens.js';
import type { ControllerConfig } from './controllerConfigSchema.js';
import { loadConfigFile } from './loadConfigFile.js';

/** The controller's configuration, loaded from its file and validated when the service starts. */
@injectable('Singleton')
export class Config implements OnReady {
  private loaded: ControllerConfig | undefined;

  public constructor(@inject(ConfigFile) private readonly file: string) {}

  /** Loads the file; a bad file fails the start-up with a ConfigError naming each offending field. */
  public async onReady(): Promise<void> {
    this.loaded = await loadConfigFile(this.file);
  }

  /** The validated configuration. Reading it before the service is ready is a bug in the caller's ordering. */
  public get value(): ControllerConfig {
    if (this.loaded === undefined) throw new Error(`configuration ${this.file} read before it was loaded`);
    return this.loaded;
  }
}
