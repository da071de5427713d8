import { inject, injectable } from 'inversify';
import type { ApiAddressMap } from '../mesh/apiAddresses.js';
import { computeApiAddresses } from './computeApiAddresses.js';
import { XWeb } from './XWeb.js';

/**
 * The API addresses this controller advertises to its peers. Like the real controller's provider, it computes the
 * map on first use and caches it, but for the web layer's current run only (a reload that restarts the web layer
 * onto a new address starts a new run, and the next hello carries the new map). Asked before the web layer has
 * loaded its configuration, it computes an empty map and keeps it for that run: the original controller's bug,
 * which the race demo shows.
 *
 * It is a plain service (no hooks), but it injects the web layer; readygraph follows injection through plain
 * services, so whoever injects this provider is held back until the web layer is ready.
 */
@injectable('Singleton')
export class ApiAddresses {
  private cached: { readonly run: number; readonly addresses: ApiAddressMap } | undefined;

  public constructor(@inject(XWeb) private readonly web: XWeb) {}

  public get(): ApiAddressMap {
    if (this.cached?.run !== this.web.run) this.cached = { run: this.web.run, addresses: computeApiAddresses(this.web.webConfig) };
    return this.cached.addresses;
  }
}
