import type { ApiAddressMap } from '../mesh/apiAddresses.js';

/** The web layer's configuration once loaded: what `computeApiAddresses` reads. */
export interface LoadedWebConfig {
  /** host:port clients and peers use. */
  readonly advertise: string;
  readonly apis: readonly string[];
}

const apiPaths: Record<string, { path: string; version: string }> = {
  'edge-management': { path: '/edge/management/v1', version: 'v1' },
  'health-checks': { path: '/health-checks', version: 'v1' },
};

/**
 * The API address map of a web layer, as advertised in hellos. With no loaded configuration it is empty: that is
 * what the original controller computed when it asked too early.
 */
export function computeApiAddresses(web: LoadedWebConfig | undefined): ApiAddressMap {
  const addresses: ApiAddressMap = {};
  for (const api of web?.apis ?? []) {
    const known = apiPaths[api];
    if (known !== undefined) addresses[api] = [{ url: `http://${web?.advertise}${known.path}`, version: known.version }];
  }
  return addresses;
}
