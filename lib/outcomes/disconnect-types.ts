/**
 * One enum, three spellings (doctor-outcomes §B2, [PY] models): the Conversations API writes dotted
 * lower case (`transfer.noanswer`), detail events upper snake case (`NO_ANSWER_TRANSFER`), analytics
 * lower camel case (`noAnswerTransfer`). Our answers use the last, whatever the surface (design.md).
 * Each row: our spelling → the detail-event spelling, then every Conversations API spelling.
 */
export const DISCONNECT_TYPES = {
  endpoint: ['ENDPOINT', 'endpoint'],
  client: ['CLIENT', 'client'],
  system: ['SYSTEM', 'system'],
  transfer: ['TRANSFER', 'transfer'],
  error: ['ERROR', 'error'],
  peer: ['PEER', 'peer'],
  other: ['OTHER', 'other'],
  spam: ['SPAM', 'spam'],
  timeout: ['TIMEOUT', 'timeout'],
  transportFailure: ['TRANSPORT_FAILURE', 'transport.failure'],
  conferenceTransfer: ['CONFERENCE_TRANSFER', 'transfer.conference'],
  consultTransfer: ['CONSULT_TRANSFER', 'transfer.consult'],
  forwardTransfer: ['FORWARD_TRANSFER', 'transfer.forward'],
  noAnswerTransfer: ['NO_ANSWER_TRANSFER', 'transfer.noanswer'],
  notAvailableTransfer: ['NOT_AVAILABLE_TRANSFER', 'transfer.notavailable'],
  uncallable: ['UNCALLABLE', 'uncallable'],
  // The call topic says `endpoint.dnd` where the Conversations API says `endpoint.donotdisturb`.
  dndEndpoint: ['DND_ENDPOINT', 'endpoint.donotdisturb', 'endpoint.dnd'],
  dndTransfer: ['DND_TRANSFER', 'transfer.donotdisturb'],
  inactivity: ['INACTIVITY', 'inactivity'],
  sessionExpired: ['SESSION_EXPIRED', 'session.expired'],
  takeover: ['TAKEOVER', 'takeover'],
  unknown: ['UNKNOWN'],
} as const satisfies Record<string, readonly string[]>;

export type DisconnectType = keyof typeof DISCONNECT_TYPES;

const BY_SPELLING: ReadonlyMap<string, DisconnectType> = new Map(
  (Object.entries(DISCONNECT_TYPES) as Array<[DisconnectType, readonly string[]]>).flatMap(([ours, spellings]) =>
    [ours, ...spellings].map((spelling) => [spelling, ours] as const),
  ),
);

/**
 * Any spelling → ours. A value no surface documents becomes `unknown` rather than being kept: what
 * is stored and answered is always one of the enum's values, never text from an event.
 */
export function normalizeDisconnectType(value: unknown): DisconnectType | undefined {
  if (value === undefined || value === null) return undefined;
  return (typeof value === 'string' && BY_SPELLING.get(value)) || 'unknown';
}
