import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiAddresses } from '../src/web/ApiAddresses.js';
import type { LoadedWebConfig } from '../src/web/computeApiAddresses.js';
import type { XWeb } from '../src/web/XWeb.js';

/** Stands in for the web layer: only what the provider reads. */
function webLayer(): { web: XWeb; load: (config: LoadedWebConfig) => void } {
  let loaded: LoadedWebConfig | undefined;
  const web = {
    get webConfig() {
      return loaded;
    },
  } as unknown as XWeb;
  return { web, load: (config) => (loaded = config) };
}

const config: LoadedWebConfig = { advertise: '127.0.0.1:1280', apis: ['edge-management'] };

describe('API-address provider', () => {
  void test('computes the addresses from the loaded web configuration', () => {
    const { web, load } = webLayer();
    load(config);
    assert.deepEqual(new ApiAddresses(web).get(), { 'edge-management': [{ url: 'http://127.0.0.1:1280/edge/management/v1', version: 'v1' }] });
  });

  void test('the original’s bug: asked before the web configuration is loaded, it caches an empty map for good', () => {
    const { web, load } = webLayer();
    const provider = new ApiAddresses(web);
    assert.deepEqual(provider.get(), {});
    load(config);
    assert.deepEqual(provider.get(), {}, 'the provider computes once, like the real one');
  });
});
