import { randomUUID } from 'node:crypto';
import type { CallScript } from './call-scripts';
import { FAILURES } from './call-scripts';
import type { DetailTopic, EventBridgeEnvelope } from './detail-events';
import { detailEvent } from './detail-events';
import type { EmulatedCall, Leg } from './emulated-call';

/**
 * Emulator choice: how long an event takes from the transition to the service. Genesys promises no
 * figure; without any, a call's first event would reach the service before the POST's answer did.
 */
export const EVENT_LATENCY_MS = 200;

/** One moment of a script: what changes on the call, and which detail events Genesys sends then. */
interface Step {
  readonly afterMs: number;
  readonly apply: (call: EmulatedCall, at: number) => void;
  readonly topics: readonly DetailTopic[];
}

/**
 * Emulator choices (UNVERIFIED; doctor-outcomes §B2 open item 2 says nobody knows yet which detail
 * topics fire for a queue-less agent call, nor when):
 * - the agent's leg starts with the POST and sends `user.start`; the dialled party is alerting;
 * - `customer.start` is sent when the dialled party answers, and only then;
 * - a call not answered sends `customer.end` and `user.end` when it fails, with no `customer.start`;
 * - the dialled party hangs up an answered call: its leg ends `endpoint`, the agent's `peer`.
 */
function stepsOf(script: CallScript): Step[] {
  const start: Step = { afterMs: 0, apply: () => undefined, topics: ['user.start'] };
  if (script.outcome === 'answered') {
    return [
      start,
      {
        afterMs: script.ringMs,
        apply: (call, at) => {
          for (const leg of [call.agent, call.customer]) Object.assign(leg, { state: 'connected', connectedTime: at });
        },
        topics: ['customer.start'],
      },
      {
        afterMs: script.ringMs + script.talkMs,
        apply: (call, at) => {
          end(call.customer, at, 'endpoint', 'ENDPOINT');
          end(call.agent, at, 'peer', 'PEER');
        },
        topics: ['customer.end', 'user.end'],
      },
    ];
  }
  const failure = FAILURES[script.outcome];
  return [
    start,
    {
      afterMs: script.ringMs,
      apply: (call, at) => {
        end(call.customer, at, failure.apiDisconnectType, failure.eventDisconnectType);
        call.customer.disconnectReasons = failure.reasons;
        end(call.agent, at, 'peer', 'PEER');
      },
      topics: ['customer.end', 'user.end'],
    },
  ];
}

function end(leg: Leg, at: number, disconnectType: string, eventDisconnectType: string): void {
  Object.assign(leg, { state: 'disconnected', endTime: at, disconnectType, eventDisconnectType });
}

function newLeg(state: Leg['state'], at: number): Leg {
  return {
    participantId: randomUUID(),
    sessionId: randomUUID(),
    state,
    startTime: at,
    ...(state === 'alerting' ? { startAlertingTime: at } : {}),
  };
}

/** A call about to be played: what `EmulatedCall` holds before its legs exist. */
export type PlaceOptions = Omit<EmulatedCall, 'id' | 'agent' | 'customer'> & { readonly conversationId: string };

/**
 * Every call placed on the emulator, played through its script on timers. Each transition builds the
 * detail events Genesys would send and hands them to `send`, as the script's `delivery` says.
 */
export class Conversations {
  readonly #calls = new Map<string, EmulatedCall>();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(private readonly send: (envelope: EventBridgeEnvelope, withheld: boolean) => void) {}

  get(id: string): EmulatedCall | undefined {
    return this.#calls.get(id);
  }

  place(options: PlaceOptions): EmulatedCall {
    const { placedAt } = options;
    const call: EmulatedCall = {
      id: options.conversationId,
      placedAt,
      userId: options.userId,
      ...(options.queueId ? { queueId: options.queueId } : {}),
      phoneNumber: options.phoneNumber,
      ...(options.callerId ? { callerId: options.callerId } : {}),
      script: options.script,
      agent: newLeg('dialing', placedAt),
      customer: newLeg('alerting', placedAt),
    };
    this.#calls.set(call.id, call);
    const steps = stepsOf(call.script);
    const held: EventBridgeEnvelope[] = [];
    const { delivery } = call.script;
    const deliver = (envelopes: EventBridgeEnvelope[]) =>
      this.later(() => {
        for (const envelope of envelopes) {
          this.send(envelope, delivery === 'none');
          if (delivery === 'duplicated') this.send(envelope, false);
        }
      }, EVENT_LATENCY_MS);
    steps.forEach((step, index) => {
      const run = () => {
        const at = placedAt + step.afterMs;
        step.apply(call, at);
        const envelopes = step.topics.map((topic) => detailEvent(topic, call, at));
        if (delivery !== 'reversed') return deliver(envelopes);
        held.push(...envelopes);
        if (index === steps.length - 1) deliver(held.reverse());
      };
      if (step.afterMs === 0) run();
      else this.later(run, step.afterMs);
    });
    return call;
  }

  /** Forgets every call and cancels every pending transition. */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#calls.clear();
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    // A call still ringing must not keep a test run or a stopping emulator alive.
    timer.unref();
    this.#timers.add(timer);
  }
}
