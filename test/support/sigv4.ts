import type { Hash, Hmac } from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type SourceData = string | ArrayBuffer | ArrayBufferView;

class Sha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {}
}

function bytes(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

export const LOCAL_KEY_PAIR = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The headers an AWS SDK client of API Gateway sends: a SigV4 signature for `execute-api`
 * (the local stage accepts the local key pair, see scripts/offline-iam-auth.cjs).
 */
export async function signedHeaders(url: string, body: string, credentials = LOCAL_KEY_PAIR): Promise<Record<string, string>> {
  const { hostname, port, pathname } = new URL(url);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'execute-api', sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: pathname,
    headers: { host: `${hostname}:${port}`, 'content-type': 'application/json' },
    body,
  });
  return signed.headers;
}

export async function signedPost(url: string, body: string, credentials = LOCAL_KEY_PAIR): Promise<Response> {
  return fetch(url, { method: 'POST', headers: await signedHeaders(url, body, credentials), body });
}
