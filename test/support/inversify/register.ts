import { register } from 'node:module';
import { isLegacyMajor } from './inversifyMajor.js';

/*
 * `node --import ./build/test/support/inversify/register.js --test …` runs the suite on the installed major. On 5.1 and
 * 6 the tests' `import … from 'inversify'` is answered by test/support/inversify/legacy.ts, the thin layer over the
 * handful of API differences (how a singleton is declared, autobind's option name, the constraint names); the
 * library's own code never goes through it. On 7 and 8 nothing is redirected.
 */
if (isLegacyMajor) register('./resolveHook.js', import.meta.url);
