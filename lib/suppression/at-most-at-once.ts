/**
 * `work` for every item, at most `limit` at a time, results in the items' order. A list of a
 * thousand numbers is a thousand DynamoDB writes: one at a time takes seconds, all at once opens a
 * thousand sockets.
 */
export async function atMostAtOnce<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
