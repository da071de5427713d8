/** How an accepted proposal ended: its entry was applied, or a different entry took its index after a leader change. */
export type ProposalOutcome = 'committed' | 'superseded';

interface Waiter {
  readonly term: number;
  readonly resolve: (outcome: ProposalOutcome) => void;
  readonly reject: (reason: Error) => void;
}

/**
 * Turns accepted proposals into promises. Feed it every entry the core applies; `wait(index, term)` settles when that
 * index is applied. The applied entry is the proposal exactly when its term matches: a leader writes at most one entry
 * per index in its term, and the Log Matching property makes an (index, term) pair name one entry everywhere.
 *
 * One tracker per `RaftCore` instance: a restarted core applies again from index 1.
 */
export class ProposalTracker {
  /** Term of each applied entry, `appliedTerms[i - 1]` for index `i`, so a late `wait` still gets its answer. */
  readonly #appliedTerms: number[] = [];
  readonly #waiters = new Map<number, Waiter[]>();

  /**
   * Settles once `index` is applied: `'committed'` if the applied entry has `term`, `'superseded'` if not. Never
   * settles if the node never applies that index (no leader, no quorum), so callers add their own timeout.
   */
  wait(index: number, term: number): Promise<ProposalOutcome> {
    const appliedTerm = this.#appliedTerms[index - 1];
    if (appliedTerm !== undefined) return Promise.resolve(appliedTerm === term ? 'committed' : 'superseded');
    return new Promise((resolve, reject) => {
      const waiters = this.#waiters.get(index) ?? [];
      waiters.push({ term, resolve, reject });
      this.#waiters.set(index, waiters);
    });
  }

  /** Records an applied entry. Entries must come in order from index 1, as `RaftStateMachine.apply` receives them. */
  applied(entry: { readonly index: number; readonly term: number }): void {
    if (entry.index !== this.#appliedTerms.length + 1) {
      throw new RangeError(`ProposalTracker: expected index ${this.#appliedTerms.length + 1} next, got ${entry.index}`);
    }
    this.#appliedTerms.push(entry.term);
    const waiters = this.#waiters.get(entry.index);
    if (waiters === undefined) return;
    this.#waiters.delete(entry.index);
    for (const waiter of waiters) waiter.resolve(waiter.term === entry.term ? 'committed' : 'superseded');
  }

  /** Rejects every pending wait with `reason`, e.g. when the node shuts down. */
  cancelAll(reason: Error): void {
    const waiters = [...this.#waiters.values()].flat();
    this.#waiters.clear();
    for (const waiter of waiters) waiter.reject(reason);
  }
}
