import { REGIONS, resolveRegion } from '../../lib/genesys/regions';

describe('regions', () => {
  it('lists the 18 regions of the official SDK', () => {
    expect(Object.keys(REGIONS)).toHaveLength(18);
  });

  it.each(Object.entries(REGIONS))('resolves %s and its domain %s to the same hosts', (name, domain) => {
    // Act
    const byName = resolveRegion(name);
    const byDomain = resolveRegion(domain);

    // Assess
    expect(byName).toEqual({ region: name, domain, apiUrl: `https://api.${domain}`, loginUrl: `https://login.${domain}` });
    expect(byDomain).toEqual(byName);
  });

  it.each([
    ['eu_west_1', 'mypurecloud.ie'],
    ['EU-WEST-1', 'mypurecloud.ie'],
    ['api.mypurecloud.de', 'mypurecloud.de'],
    ['https://login.usw2.pure.cloud/', 'usw2.pure.cloud'],
    [' mypurecloud.com.au ', 'mypurecloud.com.au'],
  ])('accepts the spelling %p', (input, domain) => {
    expect(resolveRegion(input)?.domain).toBe(domain);
  });

  it.each(['us-east-3', 'purecloud.com', 'example.com', ''])('does not guess %p', (input) => {
    expect(resolveRegion(input)).toBeUndefined();
  });
});
