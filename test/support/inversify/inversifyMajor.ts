import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Which InversifyJS the tests run against: the one installed beside them (npm test: the repository's own; .ci/run
 * also installs the lowest and latest release of every other supported major into a throwaway copy). Tests read the
 * version only to say what a major lacks; the library recognises the major from the container itself.
 */

function installedVersion(): string {
  // inversify's entry point, resolved as the tests import it, then its package.json up the tree.
  let directory = dirname(fileURLToPath(import.meta.resolve('inversify')));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'inversify' && manifest.version !== undefined) return manifest.version;
    } catch {
      // No package.json here: look further up.
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error('tests: cannot find the installed inversify package.json');
    directory = parent;
  }
}

/** The installed InversifyJS release, e.g. `6.0.1`. */
export const inversifyVersion = installedVersion();

/** Its major: 5, 6, 7 or 8. */
export const inversifyMajor = Number(inversifyVersion.split('.')[0]);

/** True if the installed release is older than `version` (`x.y.z`). */
function olderThan(version: string): boolean {
  const installed = inversifyVersion.split('.').map(Number);
  const other = version.split('.').map(Number);
  for (let part = 0; part < 3; part += 1) if ((installed[part] ?? 0) !== (other[part] ?? 0)) return (installed[part] ?? 0) < (other[part] ?? 0);
  return false;
}

/** True on the older codebase (5.1 and 6), which the test support layer adapts to the 8 API the tests are written in. */
export const isLegacyMajor = inversifyMajor < 7;

/** What a major lacks, with the reason a test that needs it is skipped there (false: the major has it). */
export const lacks = {
  /** `toResolvedValue` came with 7. */
  resolvedValue: inversifyMajor < 7 && `InversifyJS ${inversifyVersion} has no toResolvedValue`,
  /** `@multiInject(id, { chained: true })` came with 7.6. */
  chainedMultiInject: olderThan('7.6.0') && `InversifyJS ${inversifyVersion} has no chained multi-injection`,
  /** A scope on the class (`@injectable('Singleton')`), which an autobound class keeps, came with 7. */
  classScope: inversifyMajor < 7 && `InversifyJS ${inversifyVersion} has no @injectable(scope): an autobound class takes the container's default scope`,
  /** 5.1 and 6 inject a base class's properties without `@injectFromBase` (which they do not have). */
  explicitBaseInjection: inversifyMajor < 7 && `InversifyJS ${inversifyVersion} always injects a base class's properties`,
  /** Asynchronous activation (`onActivation` returning a promise, `getAsync`) came with 6. */
  asyncActivation: inversifyMajor < 6 && `InversifyJS ${inversifyVersion} has no asynchronous activation`,
  /** 5.1 and 6 refuse `@inject(undefined)` themselves, when the decorator runs (before readygraph could see it). */
  injectUndefined: inversifyMajor < 7 && `InversifyJS ${inversifyVersion} throws on @inject(undefined) at decoration`,
} as const;
