import { advertisedAddress } from '../config/advertisedAddress.js';
import type { ControllerConfig } from '../config/controllerConfigSchema.js';
import type { LoadedWebConfig } from './computeApiAddresses.js';

/**
 * How the web layer loads its own configuration before it listens (in the real controller: identities, certificates,
 * API bindings, which take a while). Bound as a constant (the `WebConfigLoader` token) so that the race demo can
 * bind a slow one; `signal` aborts it when the start is abandoned.
 */
export type WebConfigLoader = (web: ControllerConfig['web'], signal: AbortSignal) => Promise<LoadedWebConfig>;

/** The controller's loader: everything it needs is in the configuration file already. */
export const loadWebConfig: WebConfigLoader = async (web) => ({ advertise: advertisedAddress(web), apis: web.apis });
