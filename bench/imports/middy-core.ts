import middy from '@middy/core';

/** functions/create-call.ts's import: an empty chain built once, as the handler is, and invoked. */
const handler = middy().handler(async () => 'done');

export function firstUse(): Promise<unknown> {
  return handler({}, {} as never);
}
