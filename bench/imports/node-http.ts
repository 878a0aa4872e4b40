import { get } from 'node:http';

/** For comparison with fetch: one GET to the emulator with node:http (what the AWS SDK and axios use). */
export function firstUse(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(`${url}/bench/first-use`, (response) => {
      response.resume();
      response.on('end', resolve);
    }).on('error', reject);
  });
}
