import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The local SigV4 check is plain CommonJS loaded by serverless offline; its requests are tested end
// to end in test/e2e/serverless-local.test.ts. Here: which region it holds the stage to.
const { regionOption, DEFAULT_REGION } = require('../../scripts/offline-iam-auth.cjs') as {
  regionOption: (argv: readonly string[]) => string;
  DEFAULT_REGION: string;
};

describe('offline-iam-auth', () => {
  describe('regionOption', () => {
    it.each([
      [['offline', 'start', '--stage', 'local'], DEFAULT_REGION],
      [['offline', '--region', 'eu-west-1'], 'eu-west-1'],
      [['offline', '--region=ap-south-1'], 'ap-south-1'],
      [['offline', '-r', 'ca-central-1'], 'ca-central-1'],
    ])('reads %j as %s', (argv, region) => {
      // Act / Assess
      expect(regionOption(argv)).toBe(region);
    });

    it("falls back to serverless.yml's own default region", () => {
      // Prepare
      const serverlessYml = readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8');

      // Act
      const configured = /^\s+region: \$\{opt:region, '([^']+)'\}$/m.exec(serverlessYml)?.[1];

      // Assess
      expect(configured).toBe(DEFAULT_REGION);
    });
  });
});
