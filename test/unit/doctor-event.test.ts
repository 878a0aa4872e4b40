import { parseDoctorEvent } from '../../lib/doctor/event';

describe('parseDoctorEvent', () => {
  it.each([[undefined], [null], [''], [{}]])('takes %p as "check with the function\'s own settings"', (event) => {
    // Act
    const parsed = parseDoctorEvent(event);

    // Assess
    expect(parsed).toEqual({ ok: true, event: {} });
  });

  it('takes a user and a queue to check too', () => {
    // Act
    const parsed = parseDoctorEvent({ user: 'u', queue: 'q' });

    // Assess
    expect(parsed).toEqual({ ok: true, event: { user: 'u', queue: 'q' } });
  });

  it.each([
    [[1], 'the event must be a JSON object such as {"user": "<id>", "queue": "<id>"}, or nothing'],
    [{ call: '+14155550100' }, 'unknown field "call": the doctor function takes only user and queue (it never places a call; use npm run doctor -- --call)'],
    [{ user: 7 }, 'user must be a string (a Genesys id)'],
  ])('refuses %p, saying why', (event, detail) => {
    // Act
    const parsed = parseDoctorEvent(event);

    // Assess
    expect(parsed).toEqual({ ok: false, detail });
  });
});
