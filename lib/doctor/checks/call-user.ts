import type { Check, DoctorInput, DoctorState, Outcome } from '../check';
import { fail, pass, unknown } from '../check';
import { worst } from '../outcomes';
import { read, RETRY_FIX, text } from '../read';

/**
 * 5. The user calls are placed for (doctor-outcomes.md §A2): exists and is active, has an effective
 * station, and that station has an edge. Genesys answers 400 `conversation.error.no.user.station`
 * without a station and 500 `providerapi.error.no.station.for.edge` for a station without edges.
 */
export const callUserCheck: Check = {
  id: 'callUser',
  title: 'Call user',
  needs: ['login'],
  async run(input, state) {
    const users = [...new Set([state.config!.genesys.callUserId, input.user].filter((id): id is string => id !== undefined))];
    state.users = users;
    if (users.length === 0) {
      return unknown(
        'no call user: GENESYS_CALL_USER_ID is not set, so a request without userId goes to /calls, which refuses client credentials (400 not.a.user)',
        'Set genesysCallUserId (deploy param) to the user whose station places the calls, or pass --user <id> to check one.',
      );
    }
    const outcomes: Outcome[] = [];
    for (const userId of users) outcomes.push(await checkUser(input, state, userId));
    return worst(outcomes);
  },
};

async function checkUser(input: DoctorInput, state: DoctorState, userId: string): Promise<Outcome> {
  const user = await read(input, state, `/api/v2/users/${encodeURIComponent(userId)}`);
  if (!user.ok && user.status === 404) {
    return fail(`no user ${userId} in org "${state.organization ?? '?'}"`, 'Use the id of an active user of this org (Admin > People: the id is in the URL of the person\'s page).');
  }
  if (!user.ok) return unknown(user.reason, RETRY_FIX);
  const name = text(user.body, 'name') ?? userId;
  const userState = text(user.body, 'state') ?? 'active';
  if (userState !== 'active') return fail(`user "${name}" is ${userState}`, 'Activate the user, or choose an active one as genesysCallUserId.');

  const stations = await read(input, state, `/api/v2/users/${encodeURIComponent(userId)}/station`);
  if (!stations.ok && stations.status === 403) {
    return unknown(`cannot see the station of "${name}" (403)`, "Give the client's role telephony:otherStationAssociation:view so the doctor can check.");
  }
  if (!stations.ok) return unknown(stations.reason, RETRY_FIX);
  const stationId = text(stations.body, 'effectiveStation', 'id');
  if (stationId === undefined) {
    return fail(
      `user "${name}" has no station: every call would answer 400 conversation.error.no.user.station`,
      'Assign the user a phone (Admin > Telephony > Phones) or have them select a station; a WebRTC phone works.',
    );
  }
  const station = await read(input, state, `/api/v2/stations/${encodeURIComponent(stationId)}`);
  if (!station.ok) return unknown(station.reason, RETRY_FIX);
  const stationName = text(station.body, 'name') ?? stationId;
  const details = { [`user ${userId}`]: name, [`station of ${userId}`]: `${stationName} (${text(station.body, 'type') ?? '?'}, ${text(station.body, 'status') ?? '?'})` };
  if (text(station.body, 'primaryEdge', 'id') === undefined && text(station.body, 'secondaryEdge', 'id') === undefined) {
    return unknown(
      `station "${stationName}" of "${name}" has no primary or secondary edge: Genesys answers 500 providerapi.error.no.station.for.edge for such a station`,
      'Assign the phone to a site with an edge (Admin > Telephony > Phones > Site), then run the doctor again.',
      { details },
    );
  }
  return pass(`"${name}" is active, station "${stationName}" has an edge`, { details });
}
