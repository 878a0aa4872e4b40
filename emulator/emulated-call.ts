import type { CallScript, DisconnectReason } from './call-scripts';

/** One participant's leg of an emulated call, in the Conversations API's terms (doctor-outcomes §B1). */
export interface Leg {
  readonly participantId: string;
  readonly sessionId: string;
  state: 'dialing' | 'alerting' | 'connected' | 'disconnected';
  readonly startTime: number;
  startAlertingTime?: number;
  connectedTime?: number;
  endTime?: number;
  /** Dotted lower case, as the Conversations API spells it. */
  disconnectType?: string;
  /** Upper snake case, as detail events spell it. */
  eventDisconnectType?: string;
  disconnectReasons?: DisconnectReason[];
}

export interface EmulatedCall {
  readonly id: string;
  readonly placedAt: number;
  readonly userId: string;
  readonly queueId?: string;
  readonly phoneNumber: string;
  readonly callerId?: string;
  readonly script: CallScript;
  /** The user (agent) whose station places the call. */
  readonly agent: Leg;
  /** The dialled party. */
  readonly customer: Leg;
}
