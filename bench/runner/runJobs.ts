import { spawn } from 'node:child_process';
import type { Job, Result } from './Job.js';

export interface RunOptions {
  /** The compiled worker (build/bench/worker.js). */
  readonly worker: string;
  readonly cwd: string;
  readonly timeoutMs: number;
}

/** What the worker prints for each job: one line of JSON. */
export type WorkerLine = { readonly ok: true; readonly result: Result } | { readonly ok: false; readonly error: string };

/**
 * Runs jobs in one fresh Node.js process, one after the other (the full bench passes a single job, so that every
 * measurement has a process of its own), and returns each job's result or the error that ended it.
 */
export function runJobs(jobs: readonly Job[], options: RunOptions): Promise<Array<Result | Error>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', options.worker, JSON.stringify(jobs)], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    const finish = (why: string): void => {
      clearTimeout(timer);
      const lines = stdout.split('\n').filter((line) => line.startsWith('{'));
      resolve(
        jobs.map((job, index) => {
          const line = lines[index];
          const label = `${job.scenario} / ${job.peer}`;
          if (line === undefined) return new Error(`${label}: worker ${why}: ${stderr.trim() || stdout.trim() || 'no output'}`);
          const parsed = JSON.parse(line) as WorkerLine;
          return parsed.ok ? parsed.result : new Error(`${label}: ${parsed.error}`);
        }),
      );
    };
    child.on('error', (error) => finish(`did not start (${error.message})`));
    child.on('close', (code, signal) => finish(signal === 'SIGKILL' ? `timed out after ${options.timeoutMs} ms` : `exited with ${code ?? signal ?? '?'}`));
  });
}
