/** Where the configuration comes from (a constant binding, see ConfigSource in config/Config.ts). */
export const ConfigSource = Symbol('ConfigSource');

/** The runtime's health: what `/livez`, `/readyz` and `/health-checks` answer from (a constant binding, see RuntimeHealth). */
export const HealthSource = Symbol('HealthSource');

/** The process's pino logger (a constant binding); it writes to stderr, stdout carries the node's events. */
export const Logger = Symbol('Logger');
