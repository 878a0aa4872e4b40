import { GenesysNetworkError } from '../../../lib/genesys/errors';
import { provesNeverWritten, toGenesysError } from '../../../lib/genesys/http';

// Which fetch failures prove a call POST never left (lib/genesys/http.ts). The errors are built as
// Node's fetch (undici) reports them, a TypeError 'fetch failed' with the socket error as its cause:
// an EHOSTUNREACH on a reused socket cannot be made locally (it takes an ICMP message from a router),
// so its shape is written out here; the real connect, DNS and reused-socket errors are checked
// against a real server in test/integration/bounded-request.test.ts.

const fetchFailed = (cause: Record<string, unknown>) => Object.assign(new TypeError('fetch failed'), { cause });

describe('toGenesysError of a call POST that failed without an answer', () => {
  it.each([
    ['a refused connection', { code: 'ECONNREFUSED', syscall: 'connect' }, false],
    ['no route to the host while connecting', { code: 'EHOSTUNREACH', syscall: 'connect' }, false],
    ['no network while connecting', { code: 'ENETUNREACH', syscall: 'connect' }, false],
    ['an unknown host', { code: 'ENOTFOUND', syscall: 'getaddrinfo' }, false],
    ['a failed name lookup', { code: 'EAI_AGAIN', syscall: 'getaddrinfo' }, false],
    ["undici's connect timeout", { code: 'UND_ERR_CONNECT_TIMEOUT', name: 'ConnectTimeoutError' }, false],
    ['no route to the host on a reused keep-alive socket (before: never sent)', { code: 'EHOSTUNREACH', syscall: 'write' }, true],
    ['no network on a reused socket (before: never sent)', { code: 'ENETUNREACH', syscall: 'read' }, true],
    ['a reset on a reused socket', { code: 'ECONNRESET', syscall: 'read' }, true],
    ["undici's 'other side closed'", { code: 'UND_ERR_SOCKET', name: 'SocketError' }, true],
    ['a cause without a code', {}, true],
  ] as const)('%s: may have arrived = %p', async (_case, cause, mayHaveArrived) => {
    // Act
    const error = await toGenesysError(fetchFailed(cause), 'createCall');

    // Assess
    expect(error).toBeInstanceOf(GenesysNetworkError);
    expect((error as GenesysNetworkError).requestMayHaveArrived).toBe(mayHaveArrived);
  });

  it('takes no cause as no proof', () => {
    // Act
    const proven = provesNeverWritten(undefined);

    // Assess
    expect(proven).toBe(false);
  });
});
