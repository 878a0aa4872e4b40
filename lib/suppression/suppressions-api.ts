import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { mayRead } from '../access/read-access';
import type { Container } from '../container';
import { apiRequestId, callerIdentity, jsonResult, readJsonBody } from '../http/api-gateway';
import type { ApiGatewayEvent } from '../http/api-gateway';
import { logProblem } from '../problems/log-problem';
import { problemResult, toProblem } from '../problems/problem';
import { ProblemError } from '../problems/errors';
import { logger } from '../telemetry/logger';
import { maskPhoneNumber } from '../telemetry/masking';
import { countProblem, metrics } from '../telemetry/metrics';
import { atMostAtOnce } from './at-most-at-once';
import type { NumberItem, NumbersRoute, ParsedItem } from './suppression-input';
import { parseCheckRequest, parseNumbersRequest } from './suppression-input';
import type { SuppressionList } from './suppression-list';

/**
 * A thousand items of a number (64 characters), a reason (200) and an expiry fit in about 350 KB;
 * the limit leaves room for escapes and whitespace and is far below API Gateway's 10 MB.
 */
export const MAX_LIST_BODY_BYTES = 512 * 1024;

/**
 * DynamoDB writes in flight per request (see at-most-at-once.ts): a thousand numbers in well under a
 * second at DynamoDB's few milliseconds a write, while a slow store queues few enough that none of
 * them waits out its 2 s bound.
 */
const WRITES_AT_ONCE = 8;

/** Who asks, and by when the request must be answered. */
interface Asking {
  readonly caller: string;
  readonly deadline: number;
}

/** What each route does to one valid number, and the statuses it answers. */
const ROUTES = {
  add: {
    outcome: 'suppressions_added',
    message: 'suppressions added',
    statuses: ['added', 'replaced', 'already_listed'],
    apply: (list: SuppressionList, item: NumberItem, { caller, deadline }: Asking) =>
      list.list(
        item.e164,
        { addedBy: caller, ...(item.reason === undefined ? {} : { reason: item.reason }), ...(item.expiresAt === undefined ? {} : { expiresAt: item.expiresAt }) },
        deadline,
      ),
  },
  remove: {
    outcome: 'suppressions_removed',
    message: 'suppressions removed',
    statuses: ['removed', 'not_listed'],
    apply: (list: SuppressionList, item: NumberItem, { deadline }: Asking) => list.unlist(item.e164, deadline),
  },
} as const satisfies Record<NumbersRoute, unknown>;

/** One index of the answer. */
type ItemAnswer =
  | { index: number; status: string; to: string }
  | { index: number; status: 'duplicate'; to: string; duplicateOf: number }
  | { index: number; status: 'failed'; code: string; detail: string; field?: string };

/** `POST /suppressions`: lists up to 1,000 numbers, answered per index. */
export function addSuppressionsApi(event: ApiGatewayEvent, context: Context, container: () => Container): Promise<APIGatewayProxyResult> {
  return numbersApi('add', event, context, container);
}

/** `POST /suppressions/remove`: takes up to 1,000 numbers off the list, answered per index. */
export function removeSuppressionsApi(event: ApiGatewayEvent, context: Context, container: () => Container): Promise<APIGatewayProxyResult> {
  return numbersApi('remove', event, context, container);
}

/**
 * Both list routes: the request is read whole (a malformed one changes nothing), then every valid
 * number is written; an item at fault, or whose write failed, fails alone. The answer is `200` with
 * one result per index and the counts; a write that failed says so in its item
 * (`suppression_list_unavailable`) and may be sent again: adding and removing are idempotent.
 */
async function numbersApi(route: NumbersRoute, event: ApiGatewayEvent, context: Context, container: () => Container): Promise<APIGatewayProxyResult> {
  const startedAt = Date.now();
  const deadline = startedAt + context.getRemainingTimeInMillis();
  const logFields = () => ({ apiGatewayRequestId: apiRequestId(event), caller: callerIdentity(event), durationMs: Date.now() - startedAt });
  try {
    const { config, suppression } = container();
    if (!suppression.enabled) throw notConfigured();
    const items = parseNumbersRequest(readJsonBody(event, MAX_LIST_BODY_BYTES), route, config.phone.defaultCountry, startedAt);
    const answers = await answerItems(route, items, suppression, { caller: callerIdentity(event), deadline });
    const counts = countsOf(answers, ROUTES[route].statuses);
    for (const answer of answers) metrics.addByCode('SuppressionChanges', 'code' in answer ? 'failed' : answer.status);
    logger.info(ROUTES[route].message, { outcome: ROUTES[route].outcome, status: 200, ...counts, ...logFields() });
    return jsonResult(200, { ...counts, results: answers });
  } catch (error) {
    const problem = toProblem(error);
    logProblem(problem, logFields());
    countProblem(problem);
    return problemResult(problem);
  }
}

async function answerItems(route: NumbersRoute, items: readonly ParsedItem[], list: SuppressionList, asking: Asking): Promise<ItemAnswer[]> {
  // The first item naming a number is written; a later one naming it again is answered as its duplicate.
  const firstOf = new Map<string, number>();
  const answers = new Array<ItemAnswer>(items.length);
  const toWrite: NumberItem[] = [];
  for (const item of items) {
    if (!item.ok) {
      answers[item.index] = failedItem(item.index, item.problem);
      countProblem(item.problem);
      continue;
    }
    const first = firstOf.get(item.e164);
    if (first === undefined) {
      firstOf.set(item.e164, item.index);
      toWrite.push(item);
    } else {
      answers[item.index] = { index: item.index, status: 'duplicate', to: maskPhoneNumber(item.e164), duplicateOf: first };
    }
  }
  await atMostAtOnce(toWrite, WRITES_AT_ONCE, async (item) => {
    try {
      answers[item.index] = { index: item.index, status: await ROUTES[route].apply(list, item, asking), to: maskPhoneNumber(item.e164) };
    } catch (error) {
      const problem = toProblem(error);
      countProblem(problem);
      answers[item.index] = failedItem(item.index, problem);
    }
  });
  return answers;
}

function failedItem(index: number, problem: ProblemError): ItemAnswer {
  const { detail, field } = problem.details;
  return { index, status: 'failed', code: problem.code, detail, ...(field === undefined ? {} : { field }) };
}

function countsOf(answers: readonly ItemAnswer[], statuses: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = { total: answers.length };
  for (const status of [...statuses, 'duplicate', 'failed']) counts[status] = answers.filter((answer) => answer.status === status).length;
  return counts;
}

/**
 * `POST /suppressions/check` `{to, country?}`: whether the number is listed and, to the principal
 * that listed it (or to any, with CALL_READ_ACCESS=account), since when, why and until when; with
 * attempt caps on, whether one more attempt is allowed now and from when. Whether it is listed is
 * answered to every caller: `POST /calls` tells them anyway, by refusing it.
 */
export async function checkSuppressionApi(event: ApiGatewayEvent, context: Context, container: () => Container): Promise<APIGatewayProxyResult> {
  const startedAt = Date.now();
  const deadline = startedAt + context.getRemainingTimeInMillis();
  const logFields = () => ({ apiGatewayRequestId: apiRequestId(event), durationMs: Date.now() - startedAt });
  try {
    const { config, suppression } = container();
    if (!suppression.enabled) throw notConfigured();
    const e164 = parseCheckRequest(readJsonBody(event), config.phone.defaultCountry);
    const { listed, attempts } = await suppression.status(e164, deadline);
    const to = maskPhoneNumber(e164);
    const details = listed !== undefined && mayRead(listed.addedBy, callerIdentity(event), config.calls.readAccess);
    logger.info('suppression checked', { outcome: 'suppression_checked', status: 200, suppressed: listed !== undefined, to, ...logFields() });
    return jsonResult(200, {
      suppressed: listed !== undefined,
      to,
      ...(listed === undefined || !details
        ? {}
        : {
            addedAt: new Date(listed.addedAt).toISOString(),
            ...(listed.reason === undefined ? {} : { reason: listed.reason }),
            ...(listed.expiresAt === undefined ? {} : { expiresAt: new Date(listed.expiresAt).toISOString() }),
          }),
      ...(attempts === undefined
        ? {}
        : { attempts: attempts.allowed ? { allowed: true } : { allowed: false, limit: attempts.cap.text, nextAllowedAt: new Date(Math.ceil(attempts.nextAllowedAt)).toISOString() } }),
    });
  } catch (error) {
    const problem = toProblem(error);
    logProblem(problem, logFields());
    countProblem(problem);
    return problemResult(problem);
  }
}

function notConfigured(): ProblemError {
  return new ProblemError('configuration_error', {
    detail: 'The service is misconfigured: SUPPRESSIONS_TABLE is not set, so there is no suppression list.',
    extensions: { variable: 'SUPPRESSIONS_TABLE' },
  });
}
