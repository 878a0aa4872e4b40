/**
 * One POST /batches of `count` calls in a process of its own, through the real createBatch handler
 * against the local DynamoDB and SQS given in the environment; prints `{ms, maxRssMb}` as one JSON
 * line. Run by bench/queue.ts twice, with 1 call (the baseline) and with 10,000, so that the
 * producer's time and memory are read against a baseline of the same run.
 */
import { createHandler } from '../functions/create-batch';
import { loadConfig } from '../lib/config';
import { createContainer } from '../lib/container';
import { httpApiRequest } from '../test/support/api-gateway-events';
import { lambdaContext } from '../test/support/lambda-context';

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const calls = Array.from({ length: count }, (_, i) => ({ to: `+1 212 555 ${String(i % 10_000).padStart(4, '0')}` }));
  const handler = createHandler(() => container);
  const container = createContainer(loadConfig(process.env));
  const event = httpApiRequest({ method: 'POST', routeKey: 'POST /batches', path: '/batches', body: JSON.stringify({ calls, dryRun: false }) });
  const startedAt = process.hrtime.bigint();
  const answer = await handler(event, lambdaContext(28_000));
  const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
  const body = JSON.parse(answer.body) as { queued?: number; failed?: unknown[] };
  if (answer.statusCode !== 202 || body.queued !== count) throw new Error(`POST /batches answered ${answer.statusCode}: ${answer.body.slice(0, 300)}`);
  process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
