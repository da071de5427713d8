import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiAddresses } from '../src/web/ApiAddresses.js';
import type { LoadedWebConfig } from '../src/web/computeApiAddresses.js';
import type { XWeb } from '../src/web/XWeb.js';

/** Stands in for the web layer: only what the provider reads. `startRun` begins a run (as onReady does), `load` loads within it. */
function webLayer(): { web: XWeb; startRun: () => void; load: (config: LoadedWebConfig) => void } {
  let loaded: LoadedWebConfig | undefined;
  let run = 0;
  const web = {
    get webConfig() {
      return loaded;
    },
    get run() {
      return run;
    },
  } as unknown as XWeb;
  return {
    web,
    startRun: () => {
      run += 1;
      loaded = undefined;
    },
    load: (config) => (loaded = config),
  };
}

const config: LoadedWebConfig = { advertise: '127.0.0.1:1280', apis: ['edge-management'] };
const moved: LoadedWebConfig = { advertise: '127.0.0.1:1290', apis: ['edge-management'] };

describe('API-address provider', () => {
  void test('computes the addresses from the loaded web configuration', () => {
    const { web, startRun, load } = webLayer();
    startRun();
    load(config);
    assert.deepEqual(new ApiAddresses(web).get(), { 'edge-management': [{ url: 'http://127.0.0.1:1280/edge/management/v1', version: 'v1' }] });
  });

  void test('the original’s bug: asked before the web configuration is loaded, it caches an empty map for the whole run', () => {
    const { web, startRun, load } = webLayer();
    startRun();
    const provider = new ApiAddresses(web);
    assert.deepEqual(provider.get(), {});
    load(config);
    assert.deepEqual(provider.get(), {}, 'the provider computes once per run, like the real one');
  });

  void test('the cache is tied to the web layer’s run: after a restart (a reload onto a new port) it computes the new map', () => {
    const { web, startRun, load } = webLayer();
    startRun();
    load(config);
    const provider = new ApiAddresses(web);
    assert.equal(provider.get()['edge-management']?.[0]?.url, 'http://127.0.0.1:1280/edge/management/v1');
    startRun();
    load(moved);
    assert.equal(provider.get()['edge-management']?.[0]?.url, 'http://127.0.0.1:1290/edge/management/v1');
  });
});
