import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_EVENTS } from '../support/sample-events';

describe('events/', () => {
  it.each(Object.entries(SAMPLE_EVENTS))('events/%s.json is what the sample table builds (npm run events rewrites it)', (name, event) => {
    // Act
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', `${name}.json`), 'utf8'));

    // Assess
    expect(committed).toEqual(JSON.parse(JSON.stringify(event)));
  });
});
