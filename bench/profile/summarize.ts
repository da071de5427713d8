/*
 * Summarises a .cpuprofile written by `run.js --cpu-prof DIR` (see attribute.ts for how samples are billed):
 *
 *   node build/bench/profile/summarize.js DIR/<scenario>-<peer>-boot.cpuprofile [--top N]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { attribute, type CpuProfile } from './attribute.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const file = positionals[0];
if (file === undefined) {
  console.error('usage: node build/bench/profile/summarize.js <file.cpuprofile> [--top N]');
  process.exit(2);
}
const top = Number(values.top);
const attribution = attribute(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);

const percent = (ms: number): string => `${((100 * ms) / attribution.totalMs).toFixed(1)} %`;
const list = (map: ReadonlyMap<string, number>, count: number): string =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `  ${ms.toFixed(1).padStart(9)} ms  ${percent(ms).padStart(7)}  ${name}`)
    .join('\n');

console.log(`${file}: ${attribution.totalMs.toFixed(1)} ms sampled, ${attribution.samples} samples`);
console.log('\nby owner (nearest owned frame, leaf first; built-ins and reflect-metadata billed to their caller):');
console.log(list(attribution.byOwner, 20));
console.log('\nreadygraph, by folder of dist/:');
console.log(list(attribution.readygraphByArea, 10));
console.log('\nreadygraph, by its function nearest the leaf (with the built-ins it calls):');
console.log(list(attribution.readygraphByFunction, top));
console.log(`\ntop ${top} functions by self time:`);
console.log(list(attribution.selfByFunction, top));
