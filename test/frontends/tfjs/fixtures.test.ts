import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTfjs } from '../../../src/frontends/tfjs/index.js';
import { FIXTURES } from './helpers/fixtures.js';
import { saveModel } from './helpers/models.js';
import { useTmpDir } from './helpers/tmp-dir.js';

const tmp = useTmpDir();

describe('test/fixtures/tfjs', () => {
  for (const [name, build] of Object.entries(FIXTURES)) {
    it(`${name} is current (make-fixtures.ts writes the same bytes) and imports`, async () => {
      const dir = tmp();
      await saveModel(build(), dir);
      for (const f of ['model.json', 'weights.bin']) {
        expect(readFileSync(join(dir, f)).equals(readFileSync(join('test/fixtures/tfjs', name, f))), `${name}/${f}`).toBe(true);
      }
      const g = await importTfjs(join('test/fixtures/tfjs', name, 'model.json'));
      expect(g.nodes.length).toBeGreaterThan(1);
    });
  }
});
