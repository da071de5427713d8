import { Container, type Newable } from 'inversify';
import type { Logger as PinoLogger } from 'pino';
import { Config, type ConfigSource as Source } from '../config/Config.js';
import { ClusterBootstrapper } from '../consensus/ClusterBootstrapper.js';
import { RaftGateway } from '../consensus/RaftGateway.js';
import { RaftNode } from '../consensus/RaftNode.js';
import { Mesh } from '../mesh/Mesh.js';
import { PeerDirectory } from '../mesh/PeerDirectory.js';
import { PeerEndpoint } from '../mesh/PeerEndpoint.js';
import { PeerIndex } from '../storage/PeerIndex.js';
import { Storage } from '../storage/Storage.js';
import { ConfigSource, HealthSource, Logger, WebConfigLoader } from '../tokens.js';
import { ApiAddresses } from '../web/ApiAddresses.js';
import { loadWebConfig } from '../web/loadWebConfig.js';
import { XWeb } from '../web/XWeb.js';
import type { HealthSource as Health } from './RuntimeStatus.js';

/**
 * The lifecycle services of a controller, in the order the original controller's main started them; `PeerIndex`
 * is deferred (it warms after the start and does not gate readiness).
 */
const controllerServices = [Config, Storage, XWeb, Mesh, ClusterBootstrapper, RaftNode, PeerIndex] as const;

/**
 * The controller's bindings. Nothing here says in which order things start: that is the readiness graph's job
 * (layers, @dependsOn, injection), read from these bindings by readygraph.
 */
export function createContainer(options: { config: Source; logger: PinoLogger; health: Health }): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(ConfigSource).toConstantValue(options.config);
  container.bind(Logger).toConstantValue(options.logger);
  container.bind(HealthSource).toConstantValue(options.health);
  container.bind(WebConfigLoader).toConstantValue(loadWebConfig);
  const services: Newable[] = [...controllerServices, PeerDirectory, PeerEndpoint, ApiAddresses, RaftGateway];
  for (const service of services) container.bind(service).toSelf();
  return container;
}
