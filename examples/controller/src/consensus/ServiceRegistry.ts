import type { AppliedEntry } from '../machinery/raft/index.js';
import type { ServiceCommand, ServiceValue } from './serviceCommandSchema.js';

/**
 * The replicated state machine: the services the management API manages, built only from committed Raft entries,
 * in log order. It lives in memory; a restarted controller rebuilds it by applying its log again (no snapshots).
 */
export class ServiceRegistry {
  readonly #services = new Map<string, ServiceValue>();

  public apply(entry: AppliedEntry<ServiceCommand>): void {
    if (entry.kind !== 'command') return;
    const command = entry.command;
    if (command.op === 'put') this.#services.set(command.name, command.value);
    else this.#services.delete(command.name);
  }

  public get(name: string): ServiceValue | undefined {
    return this.#services.get(name);
  }

  /** Every service, by name. */
  public list(): Array<{ name: string; value: ServiceValue }> {
    return [...this.#services].sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => ({ name, value }));
  }
}
