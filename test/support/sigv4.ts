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

/** How a request is signed; the defaults are what the local stage accepts. */
export interface Signing {
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly region: string;
  readonly service: string;
  /** Signed too, e.g. an `x-amz-content-sha256` claim (which the signer then takes as the payload hash). */
  readonly headers: Readonly<Record<string, string>>;
}

const LOCAL_SIGNING: Signing = { credentials: LOCAL_KEY_PAIR, region: 'us-east-1', service: 'execute-api', headers: {} };

/**
 * The headers an AWS SDK client of API Gateway sends: a SigV4 signature for `execute-api`
 * (the local stage accepts the local key pair, see scripts/offline-iam-auth.cjs).
 */
export async function signedHeaders(url: string, body: string, signing: Partial<Signing> = {}): Promise<Record<string, string>> {
  const { credentials, region, service, headers } = { ...LOCAL_SIGNING, ...signing };
  const { hostname, port, pathname } = new URL(url);
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: pathname,
    headers: { host: `${hostname}:${port}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return signed.headers;
}

export async function signedPost(url: string, body: string, signing: Partial<Signing> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: await signedHeaders(url, body, signing), body });
}

/** A GET signed as an AWS SDK client signs it (no body, no content type). */
export async function signedGet(url: string, signing: Partial<Signing> = {}): Promise<Response> {
  const { credentials, region, service, headers } = { ...LOCAL_SIGNING, ...signing };
  const { hostname, port, pathname } = new URL(url);
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname, port: Number(port), path: pathname, headers: { host: `${hostname}:${port}`, ...headers } });
  return fetch(url, { headers: signed.headers });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Any method, with the query string signed too (as API Gateway's IAM authorization checks it). */
export async function signedRequest(method: string, url: string, body?: string, signing: Partial<Signing> = {}): Promise<Response> {
  const { credentials, region, service, headers } = { ...LOCAL_SIGNING, ...signing };
  const { hostname, port, pathname, searchParams } = new URL(url);
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: pathname,
    query: Object.fromEntries(searchParams),
    headers: { host: `${hostname}:${port}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  return fetch(url, { method, headers: signed.headers, ...(body === undefined ? {} : { body }) });
}
