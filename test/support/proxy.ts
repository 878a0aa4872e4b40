import { createServer } from 'node:http';

/**
 * A stand-in for a misbehaving network path in front of Genesys: every request is forwarded to
 * `target` (so the emulator still sees and records it), and the answer is replaced by `answer`.
 * Used for what the emulator itself never does, such as a 200 with an HTML body.
 */
export async function startProxy(target: string, answer: { status: number; body: string }): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
      fetch(`${target}${request.url}`, { method: request.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(() => {
          response.writeHead(answer.status, { 'content-type': 'text/html' });
          response.end(answer.body);
        })
        .catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
