// After the README's start-up report fragment: the waterfall was written (in the snippet's working directory), and
// the lifecycle stops.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

assert.match(readFileSync('startup.svg', 'utf8'), /^<svg[\s\S]*HttpApi[\s\S]*<\/svg>\s*$/);
await lifecycle.stop();
