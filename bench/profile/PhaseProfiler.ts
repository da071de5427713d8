import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * The V8 sampling profiler (what `node --cpu-prof` uses), switched on around one measured phase only, so that a
 * profile of the boot is not drowned in module loading and class definitions. Writes `<name>-<phase>.cpuprofile`,
 * which Chrome DevTools opens and `profile/summarize.js` reads.
 */
export class PhaseProfiler {
  readonly #session: Session;
  readonly #dir: string;
  readonly #name: string;

  private constructor(session: Session, dir: string, name: string) {
    this.#session = session;
    this.#dir = dir;
    this.#name = name;
  }

  public static async open(dir: string, name: string): Promise<PhaseProfiler> {
    mkdirSync(dir, { recursive: true });
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    return new PhaseProfiler(session, dir, name.replaceAll(/[^\w.-]+/g, '_'));
  }

  public async start(): Promise<void> {
    await this.#session.post('Profiler.start');
  }

  public async stop(phase: string): Promise<void> {
    const { profile } = await this.#session.post('Profiler.stop');
    writeFileSync(join(this.#dir, `${this.#name}-${phase}.cpuprofile`), JSON.stringify(profile));
  }
}
