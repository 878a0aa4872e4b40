/**
 * Genesys Cloud regions: AWS region name → domain. Copied line by line from the official JS SDK's
 * `PureCloudRegionHosts.js` (259.0.0); the Python SDK 257.1.0 lists the same minus `eusc-de-east-1`.
 * The API host is `api.<domain>` and the login host `login.<domain>`.
 */
export const REGIONS = {
  'us-east-1': 'mypurecloud.com',
  'us-east-2': 'use2.us-gov-pure.cloud', // GovCloud
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'eu-west-1': 'mypurecloud.ie',
  'eu-west-2': 'euw2.pure.cloud',
  'eu-central-1': 'mypurecloud.de',
  'eu-central-2': 'euc2.pure.cloud',
  'eusc-de-east-1': 'edee1.eusc-pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'ap-southeast-2': 'mypurecloud.com.au',
  'ap-northeast-1': 'mypurecloud.jp',
  'ap-northeast-2': 'apne2.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
} as const satisfies Record<string, string>;

export type RegionName = keyof typeof REGIONS;

export interface RegionHosts {
  readonly region: RegionName;
  readonly domain: string;
  readonly apiUrl: string;
  readonly loginUrl: string;
}

/**
 * Accepts what users write: the domain (`mypurecloud.ie`), a host under it (`api.mypurecloud.ie`,
 * `https://login.mypurecloud.ie`), or the AWS name in either spelling (`eu-west-1`, `eu_west_1`).
 */
export function resolveRegion(input: string): RegionHosts | undefined {
  const text = input.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const byName = text.replace(/_/g, '-');
  if (Object.hasOwn(REGIONS, byName)) return hostsOf(byName as RegionName);
  const domain = text.replace(/^(api|login)\./, '');
  const region = (Object.keys(REGIONS) as RegionName[]).find((name) => REGIONS[name] === domain);
  return region ? hostsOf(region) : undefined;
}

function hostsOf(region: RegionName): RegionHosts {
  const domain = REGIONS[region];
  return { region, domain, apiUrl: `https://api.${domain}`, loginUrl: `https://login.${domain}` };
}
