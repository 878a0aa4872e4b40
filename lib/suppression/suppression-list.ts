import { setTimeout as sleep } from 'node:timers/promises';
import type { SuppressionSettings } from '../config';
import { CALL_STAGES, stageOf } from '../calls/call-stage';
import { ProblemError } from '../problems/errors';
import { logger } from '../telemetry/logger';
import { maskPhoneNumber } from '../telemetry/masking';
import type { AttemptVerdict } from './attempt-window';
import { attemptVerdict, attemptsToKeep, longestWindowMs } from './attempt-window';
import type { ListedEntry } from './suppression-item';
import { SuppressionStore } from './suppression-store';

/**
 * What the stack's hash key is derived for here (lib/aws/hash-key.ts): the list's keyed hashes and
 * nothing else. Changing it (v2) changes every number's key at once: the list would be empty.
 */
export const SUPPRESSION_PURPOSE = 'genesys-outbound-call/suppression/v1';

/**
 * A number's keyed hash: HMAC-SHA256 of its E.164 form under the stack's hash key, base64url. The
 * key is read once per container, by `deadline` (epoch ms); without it nothing can be checked, and
 * what it throws is answered as it is.
 */
export type NumberKeyer = (e164: string, deadline: number) => Promise<string>;

/** What the list says of one number, as `POST /suppressions/check` answers it. */
export interface NumberStatus {
  /** Present while the number is listed (an entry whose expiry has passed is not). */
  readonly listed?: ListedEntry;
  /** Present when attempt caps are on: whether one more attempt is allowed now. */
  readonly attempts?: AttemptVerdict;
}

export type ListResult = 'added' | 'replaced' | 'already_listed';
export type UnlistResult = 'removed' | 'not_listed';

/**
 * The suppression list and the attempt caps, as every path that places calls uses them
 * (docs/suppression.md): `check` once the call's idempotency key is held and before calling hours
 * (validate → run once → suppression → hours → place → record), and `attempt` around the call POST
 * itself, so that a replayed outcome is answered as it was and counts no attempt.
 */
export class SuppressionList {
  constructor(
    private readonly settings: SuppressionSettings,
    private readonly keyOf: NumberKeyer,
    private readonly store: SuppressionStore = new SuppressionStore(settings.tableName),
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether this deployment keeps a list (SUPPRESSIONS_TABLE): without one, every number passes. */
  get enabled(): boolean {
    return this.settings.tableName !== undefined;
  }

  /**
   * Throws the problem to answer when `e164` must not be called now: `422 destination_suppressed`
   * when it is listed, `503 suppression_list_unavailable` when the list cannot be read (a number on
   * it must never be called blind). Resolves when it may be called.
   */
  async check(e164: string, deadline: number): Promise<void> {
    if (!this.enabled) return;
    const numberKey = await this.keyOf(e164, deadline);
    const listed = await this.guarded(async () => this.current(await this.store.listed(numberKey, deadline)));
    if (listed) throw this.suppressedProblem(e164);
  }

  /**
   * Which of `e164s` are listed now, read together (a batch of up to 10,000 calls checks its numbers
   * in a hundred reads, not ten thousand); `503 suppression_list_unavailable` when the list cannot be read.
   */
  async listedAmong(e164s: readonly string[], deadline: number): Promise<ReadonlySet<string>> {
    if (!this.enabled || e164s.length === 0) return new Set();
    const unique = [...new Set(e164s)];
    const keys = await Promise.all(unique.map((e164) => this.keyOf(e164, deadline)));
    const found = await this.guarded(() => this.store.listedMany(keys, deadline));
    return new Set(unique.filter((_, index) => this.current(found.get(keys[index])) !== undefined));
  }

  /** The problem a call to a listed number is answered with (for a caller that checked with `listedAmong`). */
  suppressedProblem(e164: string): ProblemError {
    return new ProblemError('destination_suppressed', {
      detail: `to ${maskPhoneNumber(e164)} is on the suppression list, so no call is placed for this request. If it was listed by mistake, take it off with POST /suppressions/remove.`,
      field: 'to',
    });
  }

  /**
   * Throws `422 attempt_limit_reached` when one more attempt now would break a cap; counts nothing.
   * For a dry run, which says what the call would meet without making it.
   */
  async checkAttempts(e164: string, deadline: number): Promise<void> {
    if (this.settings.attemptCaps.length === 0) return;
    const numberKey = await this.keyOf(e164, deadline);
    const verdict = await this.guarded(async () => {
      const log = await this.store.attempts(numberKey, deadline);
      return attemptVerdict(log.attempts, this.settings.attemptCaps, this.now());
    });
    if (!verdict.allowed) throw limitReached(e164, verdict);
  }

  /**
   * Runs `place` (the call POST) as one attempt to `e164` under the caps: the attempt is counted
   * first, with a conditional write, so that concurrent requests can never together exceed a cap;
   * `422 attempt_limit_reached` if it would. When `place` fails in a way that proves no call exists
   * (Genesys refused it, the token could not be had) the attempt is taken back; when the call may
   * exist (placed, timed out, 5xx) it stays counted.
   */
  async attempt<T>(e164: string, deadline: number, place: () => Promise<T>): Promise<T> {
    if (this.settings.attemptCaps.length === 0) return place();
    const numberKey = await this.keyOf(e164, deadline);
    const at = await this.guarded(() => this.countAttempt(e164, numberKey, deadline));
    try {
      return await place();
    } catch (error) {
      if (error instanceof ProblemError && !CALL_STAGES[stageOf(error)].callMayExist) await this.takeBack(numberKey, at, deadline);
      throw error;
    }
  }

  /** What the list says of `e164` now. */
  async status(e164: string, deadline: number): Promise<NumberStatus> {
    const numberKey = await this.keyOf(e164, deadline);
    return this.guarded(async () => {
      const caps = this.settings.attemptCaps;
      const [listed, log] = await Promise.all([this.store.listed(numberKey, deadline), caps.length > 0 ? this.store.attempts(numberKey, deadline) : undefined]);
      const current = this.current(listed);
      return {
        ...(current === undefined ? {} : { listed: current }),
        ...(log === undefined ? {} : { attempts: attemptVerdict(log.attempts, caps, this.now()) }),
      };
    });
  }

  /**
   * Lists `e164` with what `entry` says. Listing never weakens a listing: over one that holds at
   * least as long (for good, or to a later expiry) nothing changes (`already_listed`); otherwise the
   * entry replaces it (`replaced`). Only a removal lifts one. The SDK retries a write whose answer
   * was lost (a timeout), and the retry's "what was there" is this write itself: an entry with this
   * very `addedAt` is ours, so the number was `added`, not `replaced`.
   */
  async list(e164: string, entry: Omit<ListedEntry, 'addedAt'>, deadline: number): Promise<ListResult> {
    const numberKey = await this.keyOf(e164, deadline);
    return this.guarded(async () => {
      const addedAt = this.now();
      const written = await this.store.list(numberKey, { addedAt, ...entry }, deadline);
      if (written === 'stronger') return 'already_listed';
      const before = this.current(written.before);
      return before !== undefined && before.addedAt !== addedAt ? 'replaced' : 'added';
    });
  }

  /**
   * Takes `e164` off the list. The end state is exact; the label is not under a retried delete: a
   * retry of a delete the store applied finds nothing, and answers `not_listed`.
   */
  async unlist(e164: string, deadline: number): Promise<UnlistResult> {
    const numberKey = await this.keyOf(e164, deadline);
    return this.guarded(async () => {
      const before = await this.store.unlist(numberKey, deadline);
      return this.current(before) ? 'removed' : 'not_listed';
    });
  }

  /** TTL deletes an expired entry up to days late: one past its expiry no longer counts. */
  private current(entry: ListedEntry | undefined): ListedEntry | undefined {
    return entry !== undefined && (entry.expiresAt === undefined || entry.expiresAt > this.now()) ? entry : undefined;
  }

  /**
   * Reads the number's attempts and writes them back with this one added, at the version read. A
   * request that wrote in between makes the write fail: read again, and decide again. Each round
   * that fails is another request's success, so a cap of N settles within N + 1 rounds.
   *
   * A write the store applied but whose answer was lost is retried by the SDK, and the retry fails
   * its condition (the version moved on: by this very write). The next read tells: the version this
   * round wrote, holding this attempt, means it landed, and it counts once. Each attempt's instant
   * carries a random fraction of a millisecond (never 0: it counts from just after the instant it was
   * made), so that no other request's attempt is mistaken for it.
   */
  private async countAttempt(e164: string, numberKey: string, deadline: number): Promise<number> {
    const caps = this.settings.attemptCaps;
    const rounds = Math.max(...caps.map((cap) => cap.attempts)) + 2;
    let written: { at: number; version: number } | undefined;
    for (let round = 0; round < rounds; round += 1) {
      const log = await this.store.attempts(numberKey, deadline);
      if (written && log.version === written.version && log.attempts.includes(written.at)) return written.at;
      const now = this.now();
      const kept = attemptsToKeep(log.attempts, caps, now);
      const verdict = attemptVerdict(kept, caps, now);
      if (!verdict.allowed) throw limitReached(e164, verdict);
      written = { at: now + (1 + Math.floor(Math.random() * 999)) / 1000, version: log.version + 1 };
      const attempts = [...kept, written.at];
      if (await this.store.writeAttempts(numberKey, { attempts, version: written.version }, now + longestWindowMs(caps), deadline)) return written.at;
      // Spread the retries of requests that collided, so that they do not collide again.
      await sleep(Math.floor(Math.random() * 20));
    }
    throw new ProblemError('suppression_list_unavailable', {
      detail: `Too many requests counted attempts to ${maskPhoneNumber(e164)} at once, so the call was not placed. Try again.`,
    });
  }

  /**
   * Takes back an attempt that proved to be none. Best effort: if it cannot be written, the attempt
   * stays counted, which errs on the side of calling a number less, never more.
   */
  private async takeBack(numberKey: string, at: number, deadline: number): Promise<void> {
    const caps = this.settings.attemptCaps;
    try {
      for (let round = 0; round < 5; round += 1) {
        const log = await this.store.attempts(numberKey, deadline);
        const index = log.attempts.indexOf(at);
        if (index < 0) return;
        const attempts = log.attempts.filter((_, i) => i !== index);
        const lastCounts = Math.max(this.now(), ...attempts) + longestWindowMs(caps);
        if (await this.store.writeAttempts(numberKey, { attempts, version: log.version + 1 }, lastCounts, deadline)) return;
      }
      logger.warn('an attempt that placed no call stays counted: its count changed too often to take it back', { outcome: 'attempt_kept' });
    } catch (error) {
      logger.warn('an attempt that placed no call stays counted: the attempt counts could not be written', {
        outcome: 'attempt_kept',
        cause: error instanceof Error ? error.name : 'unknown',
      });
    }
  }

  /**
   * Runs a use of the store; its failure (not a problem of ours) is `503 suppression_list_unavailable`.
   * The key is read outside: a key that cannot be read is its own problem, answered as such.
   */
  private async guarded<T>(use: () => Promise<T>): Promise<T> {
    try {
      return await use();
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      throw new ProblemError('suppression_list_unavailable', {
        detail: 'The suppression list could not be read or written, so nothing was done (a number on it must never be called unchecked). Try again.',
        cause: error,
      });
    }
  }
}

function limitReached(e164: string, verdict: Extract<AttemptVerdict, { allowed: false }>): ProblemError {
  // Up to the whole millisecond: a retry at the instant answered is allowed.
  const nextAllowedAt = new Date(Math.ceil(verdict.nextAllowedAt)).toISOString();
  return new ProblemError('attempt_limit_reached', {
    detail: `to ${maskPhoneNumber(e164)} has had ${verdict.count} call attempts within ${verdict.cap.text.split('/')[1]} (MAX_ATTEMPTS_PER_NUMBER ${verdict.cap.text}), so it is not called now. The next attempt is allowed from ${nextAllowedAt}.`,
    field: 'to',
    extensions: { limit: verdict.cap.text, nextAllowedAt },
  });
}
