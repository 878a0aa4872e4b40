import openapi from '../../emulator/createcall-openapi.json';
import { CREATE_CALL_REQUEST_PROPERTIES, createCallRequestProblems } from '../../lib/doctor/create-call-request-schema';

describe('createCallRequestProblems', () => {
  it('names exactly the properties of the CreateCallRequest schema it was copied from', () => {
    // Assess
    expect(Object.keys(CREATE_CALL_REQUEST_PROPERTIES).sort()).toEqual(Object.keys(openapi.definitions.CreateCallRequest.properties).sort());
  });

  it('finds nothing wrong with a body of one destination and properties of the right types', () => {
    // Act
    const problems = createCallRequestProblems({ phoneNumber: '+14155550100', callFromQueueId: 'q', priority: 2, attributes: { a: 'b' }, routingSkillsIds: ['s'] });

    // Assess
    expect(problems).toEqual([]);
  });

  it('names every unknown property, wrong type and destination count', () => {
    // Act
    const problems = createCallRequestProblems({ to: '+14155550100', priority: '2', attributes: { a: 1 }, callUserId: 'u', callQueueId: 'q' });

    // Assess
    expect(problems).toEqual([
      'to is not a CreateCallRequest property',
      'priority is not an integer',
      'attributes is not an object of strings',
      'it names 2 destinations; Genesys wants exactly one',
    ]);
  });
});
