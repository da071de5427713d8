import { inject, injectable } from 'inversify';
import type { ApiAddressMap } from '../mesh/apiAddresses.js';
import { computeApiAddresses } from './computeApiAddresses.js';
import { XWeb } from './XWeb.js';

/**
 * The API addresses this controller advertises to its peers. Like the real controller's provider, it computes the
 * map on first use and caches it for the life of the process. Asked before the web layer has loaded its
 * configuration, it computes an empty map, and keeps it: the original controller's bug.
 *
 * It is a plain service (no hooks), but it injects the web layer; readygraph follows injection through plain
 * services, so whoever injects this provider is held back until the web layer is ready.
 */
@injectable('Singleton')
export class ApiAddresses {
  private cached: ApiAddressMap | undefined;

  public constructor(@inject(XWeb) private readonly web: XWeb) {}

  public get(): ApiAddressMap {
    this.cached ??= computeApiAddresses(this.web.webConfig);
    return this.cached;
  }
}
