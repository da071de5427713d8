import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/machinery/raft/index.js';

describe('seededRandom', () => {
  it('replays the same sequence for the same seed, and a different one for another seed', () => {
    const draw = (seed: number): number[] => Array.from({ length: 5 }, seededRandom(seed));
    assert.deepEqual(draw(42), draw(42));
    assert.notDeepEqual(draw(42), draw(43));
    // Seed 0 would freeze xorshift at zero; it must still produce a spread of values.
    assert.equal(new Set(draw(0)).size, 5);
  });

  it('draws from [0, 1) with a roughly even spread', () => {
    const random = seededRandom(7);
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i += 1) {
      const value = random();
      assert.ok(value >= 0 && value < 1, `${value} is outside [0, 1)`);
      buckets[Math.floor(value * 4)] = (buckets[Math.floor(value * 4)] ?? 0) + 1;
    }
    for (const count of buckets) assert.ok(count > 850 && count < 1150, `uneven buckets ${buckets.join(', ')}`);
  });
});
