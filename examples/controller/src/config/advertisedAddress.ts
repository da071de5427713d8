import type { ControllerConfig } from './controllerConfigSchema.js';

/** host:port under which this controller's web server is reached by peers and clients. */
export function advertisedAddress(web: ControllerConfig['web']): string {
  return web.advertise ?? `${web.bind.host}:${web.bind.port}`;
}
