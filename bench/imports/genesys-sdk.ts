import platformClient from 'purecloud-platform-client-v2';
import { DEMO } from '../../emulator/seed';

/** The official Genesys SDK as bench/handlers/sdk.ts uses it, and its first request (the client-credentials login). */
export function firstUse(url: string): Promise<unknown> {
  const client = platformClient.ApiClient.instance;
  client.config.live_reload_config = false;
  const { hostname, port, protocol } = new URL(url);
  client.setGateway({ host: hostname, protocol: protocol.replace(':', ''), port: Number(port) });
  return client.loginClientCredentialsGrant(DEMO.clientId, DEMO.clientSecret);
}
