import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run } from '../support/processes';

// The example client's types are generated from openapi.yaml (npm run example:types), so the
// example follows the contract: a change to openapi.yaml fails here until the types are made again,
// and then `npm run typecheck` checks the example against them.

describe('examples/api-types.ts', () => {
  it('is what openapi-typescript makes of openapi.yaml today', async () => {
    // Act
    const { code, stdout, stderr } = await run(join(ROOT, 'node_modules', '.bin', 'openapi-typescript'), ['openapi.yaml'], {}, 60_000);

    // Assess
    expect({ code, stderr, upToDate: stdout === readFileSync(join(ROOT, 'examples', 'api-types.ts'), 'utf8') }).toEqual({ code: 0, stderr: '', upToDate: true });
  });
});
