import { spawn } from 'node:child_process';

/**
 * Runs the cluster runner's compiled entry point (`npm start -- <args>`) in a process group of its own, so that
 * "Ctrl-C" can be sent the way a terminal does: to the whole group, once its stdout matches `untilLine`. Killed
 * (SIGKILL to the group) if it has not ended within 60 s. Resolves with its exit code and output.
 */
export async function runRunner(args: readonly string[], untilLine?: RegExp, options: { closeStdout?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [new URL('../../cluster.js', import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!interrupted && untilLine !== undefined && untilLine.test(stdout) && child.pid !== undefined) {
      interrupted = true;
      // `npm start | tee log` interrupted: the reader of the runner's stdout goes away with the same Ctrl-C.
      if (options.closeStdout === true) child.stdout.destroy();
      process.kill(-child.pid, 'SIGINT');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const killer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(killer);
  return { code, stdout, stderr };
}
