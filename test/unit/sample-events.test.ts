import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { SAMPLE_EVENTS } from '../support/sample-events';

describe('events/', () => {
  it.each(Object.entries(SAMPLE_EVENTS))('events/%s.json is what the sample table builds (npm run events rewrites it)', (name, event) => {
    // Act
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', `${name}.json`), 'utf8'));

    // Assess
    expect(committed).toEqual(JSON.parse(JSON.stringify(event)));
  });
});

describe("serverless.yml's example schedule", () => {
  function exampleInputTemplate(): string {
    const service = load(readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8')) as {
      functions: { scheduledCalls: { events: Array<{ schedule: { inputTransformer: { inputTemplate: string } } }> } };
    };
    return service.functions.scheduledCalls.events[0].schedule.inputTransformer.inputTemplate;
  }

  it('delivers, filled in by EventBridge, what events/scheduled-transformed-input.json holds', () => {
    // Prepare
    const sample = SAMPLE_EVENTS['scheduled-transformed-input'];

    // Act: EventBridge puts the event's values where the placeholders are.
    const delivered = JSON.parse(exampleInputTemplate().replace('<id>', sample.id).replace('<time>', sample.time));

    // Assess
    expect(delivered).toEqual(JSON.parse(JSON.stringify(sample)));
  });
});
