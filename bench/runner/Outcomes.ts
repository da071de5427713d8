import type { GraphResult, Job, LifecycleResult, Result } from './Job.js';

/** Everything the runs of one job produced. */
export interface Outcome {
  readonly results: Result[];
  readonly errors: string[];
}

/** The outcomes of a whole plan, by scenario and peer. */
export class Outcomes {
  readonly #byKey = new Map<string, Outcome>();

  public record(job: Job, result: Result | Error): void {
    const key = keyOf(job.scenario, job.peer);
    let outcome = this.#byKey.get(key);
    if (outcome === undefined) {
      outcome = { results: [], errors: [] };
      this.#byKey.set(key, outcome);
    }
    if (result instanceof Error) outcome.errors.push(result.message);
    else outcome.results.push(result);
  }

  public lifecycle(scenario: string, peer: string): { results: LifecycleResult[]; errors: string[] } {
    const outcome = this.#byKey.get(keyOf(scenario, peer));
    return {
      results: (outcome?.results ?? []).filter((result): result is LifecycleResult => result.kind === 'lifecycle'),
      errors: outcome?.errors ?? [],
    };
  }

  public graph(scenario: string, peer: string): { results: GraphResult[]; errors: string[] } {
    const outcome = this.#byKey.get(keyOf(scenario, peer));
    return {
      results: (outcome?.results ?? []).filter((result): result is GraphResult => result.kind === 'graph'),
      errors: outcome?.errors ?? [],
    };
  }

  /** Every error, for the end of the report. */
  public errors(): Array<{ key: string; error: string }> {
    return [...this.#byKey].flatMap(([key, outcome]) => outcome.errors.map((error) => ({ key, error })));
  }
}

function keyOf(scenario: string, peer: string): string {
  return `${scenario} · ${peer}`;
}
