import type { GraphResult, Job, LifecycleResult, RestartResult, Result } from './Job.js';

/** Everything the runs of one job produced. */
export interface Outcome {
  readonly results: Result[];
  /** The run (1, 2, …) each result came from, in the same order. */
  readonly runs: number[];
  readonly errors: string[];
}

/** The outcomes of a whole plan, by scenario and peer. */
export class Outcomes {
  readonly #byKey = new Map<string, Outcome>();

  /** Records what run `run` of `job` produced. */
  public record(job: Job, result: Result | Error, run: number): void {
    const key = keyOf(job.scenario, job.peer);
    let outcome = this.#byKey.get(key);
    if (outcome === undefined) {
      outcome = { results: [], runs: [], errors: [] };
      this.#byKey.set(key, outcome);
    }
    if (result instanceof Error) {
      outcome.errors.push(result.message);
    } else {
      outcome.results.push(result);
      outcome.runs.push(run);
    }
  }

  /**
   * For every run in which both peers booted, `measure(a's result, b's result)`. Runs are interleaved (each run of
   * every row before the next run), so the two results of one run met the same state of the machine: a slow minute
   * moves both, and their ratio or difference keeps less of it than a ratio of medians does.
   */
  public pairedByRun(scenario: string, a: string, b: string, measure: (a: LifecycleResult, b: LifecycleResult) => number): number[] {
    const first = this.#byKey.get(keyOf(scenario, a));
    const second = this.#byKey.get(keyOf(scenario, b));
    if (first === undefined || second === undefined) return [];
    const paired: number[] = [];
    first.runs.forEach((run, index) => {
      const mine = first.results[index];
      const other = second.results[second.runs.indexOf(run)];
      if (mine?.kind === 'lifecycle' && other?.kind === 'lifecycle') paired.push(measure(mine, other));
    });
    return paired;
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

  public restart(scenario: string, peer: string): { results: RestartResult[]; errors: string[] } {
    const outcome = this.#byKey.get(keyOf(scenario, peer));
    return {
      results: (outcome?.results ?? []).filter((result): result is RestartResult => result.kind === 'restart'),
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
