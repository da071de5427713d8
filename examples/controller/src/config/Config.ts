import { inject, injectable } from 'inversify';
import type { Logger as PinoLogger } from 'pino';
import type { OnReady } from 'readygraph';
import { PeerGate } from '../mesh/PeerGate.js';
import { PeerKeys } from '../mesh/PeerKeys.js';
import { ConfigSource, Logger } from '../tokens.js';
import type { ControllerConfig, ControllerConfigInput } from './controllerConfigSchema.js';
import { loadConfigFile, validateConfig } from './loadConfigFile.js';

/** Where a controller's configuration comes from: a JSON file (a real node), or a value (a sample, a test). */
export type ConfigSource = { readonly file: string } | { readonly value: ControllerConfigInput };

/** The controller's configuration, loaded and validated when the service starts (not when it is constructed). */
@injectable('Singleton')
export class Config implements OnReady {
  private loaded: ControllerConfig | undefined;
  private keys: PeerKeys | undefined;
  private gate: PeerGate | undefined;

  public constructor(
    @inject(ConfigSource) private readonly source: ConfigSource,
    @inject(Logger) private readonly logger: PinoLogger,
  ) {}

  /**
   * Loads the configuration; a bad one fails the start-up with a ConfigError naming each offending field. From then
   * on the process's logger logs at the configured `log.level`.
   */
  public async onReady(): Promise<void> {
    this.loaded = 'file' in this.source ? await loadConfigFile(this.source.file) : validateConfig(this.source.value, 'inline configuration');
    this.logger.level = this.loaded.log.level;
  }

  /**
   * Reads the configuration file again (SIGHUP). Only the `web` and `log` sections take effect without a restart of
   * the process: the new configuration is adopted when every other section is unchanged, and `webChanged` says
   * whether the web layer must be restarted to apply it. A bad file, or a change elsewhere, is refused with an Error
   * naming it, and the running configuration stays.
   */
  public async reload(): Promise<{ webChanged: boolean }> {
    if (!('file' in this.source)) throw new Error('an inline configuration has no file to reload');
    const next = await loadConfigFile(this.source.file);
    const current = this.value;
    const fixed = (config: ControllerConfig) => JSON.stringify({ ...config, web: undefined, log: undefined });
    if (fixed(next) !== fixed(current)) {
      throw new Error(`${this.source.file}: only the web and log sections can be reloaded; restart the process to apply other changes`);
    }
    const webChanged = JSON.stringify(next.web) !== JSON.stringify(current.web);
    this.loaded = next;
    this.logger.level = next.log.level;
    return { webChanged };
  }

  /** The validated configuration. Reading it before the service is ready is a bug in the caller's ordering. */
  public get value(): ControllerConfig {
    if (this.loaded === undefined) throw new Error(`configuration ${'file' in this.source ? this.source.file : '(inline)'} read before it was loaded`);
    return this.loaded;
  }

  /** This controller's key and its peers' (see PeerKeys), made from the configuration on first use. */
  public get peerKeys(): PeerKeys {
    const { id, cluster } = this.value;
    this.keys ??= new PeerKeys({ id, privateKey: cluster.privateKey, peers: cluster.peers });
    return this.keys;
  }

  /**
   * The receiving end of every link (see PeerGate): the sessions this controller issued to its peers. It lives as
   * long as the process, so a restart of the web layer keeps the peers' sessions.
   */
  public get peerGate(): PeerGate {
    this.gate ??= new PeerGate(this.peerKeys);
    return this.gate;
  }

  /** The configured peer with id `id`, if it is one. */
  public peer(id: string): ControllerConfig['cluster']['peers'][number] | undefined {
    return this.value.cluster.peers.find((candidate) => candidate.id === id);
  }
}
