import { LazyDynamoDB } from '../../aws/dynamodb-client';
import { ConfigurationError } from '../../config';
import { HashKeyError, StackHashKey } from '../../aws/hash-key';
import { SUPPRESSION_PURPOSE } from '../../suppression/suppression-list';
import { SuppressionStore } from '../../suppression/suppression-store';
import type { Check, Outcome } from '../check';
import { fail, pass } from '../check';
import { timeLeft } from '../deadline';

/** Why the hash key could not be used, as the fix a user needs (lib/aws/hash-key.ts's kinds). */
const KEY_FIXES: Record<HashKeyError['kind'], string> = {
  unconfigured: 'Set HASH_KEY_SECRET_ID: deploy the stack, which generates the key (HashKeySecret) and sets it.',
  unavailable: 'Allow secretsmanager:GetSecretValue on the HashKeySecret (the stack grants it to the functions; from a laptop, to your AWS identity).',
  unreachable: "Check the network path to Secrets Manager in the stack's region (a VPC needs an endpoint or a NAT).",
  invalid: 'The secret is not the generated key: restore its generated value (never a hand-written one); every listed number is keyed by it.',
};

/** Why DynamoDB refused, as the fix (names from the DynamoDB API reference). */
const TABLE_FIXES: Record<string, (table: string) => [summary: string, fix: string]> = {
  ResourceNotFoundException: (table) => [`no table "${table}"`, 'Deploy the stack (it creates the table), or set SUPPRESSIONS_TABLE to its name.'],
  AccessDeniedException: (table) => [`not allowed to read "${table}"`, 'Allow dynamodb:GetItem on it (the stack grants it to the functions; from a laptop, to your AWS identity).'],
};

/**
 * The suppression list can be used (docs/suppression.md): the stack's hash key is readable and is a
 * key, and the table answers a read. A list that cannot be read refuses every call
 * (`suppression_list_unavailable`, fail closed), so a table or key that does not answer is a fail,
 * not an unknown. Reads one item by a hash no number has; writes nothing.
 */
export const suppressionListCheck: Check = {
  id: 'suppressionList',
  title: 'Suppression list',
  needs: ['configuration'],
  applies: (input) => !(input.config instanceof ConfigurationError) && input.config.suppression.tableName !== undefined,
  async run(input, state) {
    const config = state.config!;
    const table = config.suppression.tableName!;
    const caps = config.suppression.attemptCaps.map((cap) => cap.text).join(',') || 'off';
    const hashKey = new StackHashKey({ ...config.hashKey, timeoutMs: timeLeft(input.deadline) }, input.secretsManager);
    let probe: string;
    try {
      probe = await hashKey.hmac(SUPPRESSION_PURPOSE, 'doctor: not a number', input.deadline);
    } catch (error) {
      if (!(error instanceof HashKeyError)) throw error;
      return fail(`the stack's hash key cannot be used: ${error.reason}`, KEY_FIXES[error.kind]);
    }
    const store = new SuppressionStore(table, input.dynamodb ?? new LazyDynamoDB());
    return tableOutcome(table, caps, () => store.listed(probe, input.deadline));
  },
};

async function tableOutcome(table: string, caps: string, read: () => Promise<unknown>): Promise<Outcome> {
  try {
    await read();
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const known = TABLE_FIXES[name];
    if (known) {
      const [summary, fix] = known(table);
      return fail(summary, fix);
    }
    return fail(`the table "${table}" could not be read (${name})`, 'Check AWS credentials and the network path to DynamoDB, then run the doctor again.');
  }
  return pass(`the hash key is readable and "${table}" answers; attempt caps ${caps}`, { details: { table, attemptCaps: caps } });
}
