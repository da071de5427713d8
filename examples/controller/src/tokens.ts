/** The path of the configuration file (a constant binding). */
export const ConfigFile = Symbol('ConfigFile');

/** What `/livez` and `/readyz` are answered from: the runtime's status (a constant binding, see HealthSource). */
export const HealthSource = Symbol('HealthSource');

/** The process's pino logger (a constant binding); it writes to stderr, stdout carries the node's events. */
export const Logger = Symbol('Logger');
