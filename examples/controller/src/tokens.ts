/** Where the configuration comes from (a constant binding, see ConfigSource in config/Config.ts). */
export const ConfigSource = Symbol('ConfigSource');

/** The runtime's health: what `/livez`, `/readyz` and `/health-checks` answer from (a constant binding, see RuntimeHealth). */
export const HealthSource = Symbol('HealthSource');

/** The process's pino logger (a constant binding): JSON lines on stdout, the node's events among them (see NodeEvent). */
export const Logger = Symbol('Logger');

/** How the web layer loads its own configuration (a constant binding, see web/loadWebConfig.ts). */
export const WebConfigLoader = Symbol('WebConfigLoader');
