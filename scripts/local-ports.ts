/**
 * The ports `npm start` listens on, each set by its own variable, and a check before anything
 * starts that names the variable to change when one is taken, instead of a stack trace from
 * whichever part tried to listen first. A new local part (a local queue, …) adds one row.
 */
import { createServer } from 'node:net';
import { DEFAULT_DYNAMODB_PORT } from '../emulator/local-dynamodb';
import { DEFAULT_SQS_PORT } from '../emulator/local-sqs';
import { emulatorAnswers, isPortTaken } from '../emulator/port-taken';

export interface LocalPort {
  /** The environment variable that moves it. */
  readonly variable: string;
  readonly port: number;
  /** What listens there, for the message. */
  readonly serves: string;
}

const HOST = '127.0.0.1';

/** Every port of `npm start`, from its variable or its default. */
export function localPorts(env: Readonly<Record<string, string | undefined>>): readonly LocalPort[] {
  const port = (variable: string, fallback: number) => Number(env[variable] ?? fallback);
  return [
    { variable: 'EMULATOR_PORT', port: port('EMULATOR_PORT', 9100), serves: 'the emulator (Genesys Cloud, Secrets Manager, EventBridge)' },
    { variable: 'DYNAMODB_PORT', port: port('DYNAMODB_PORT', DEFAULT_DYNAMODB_PORT), serves: 'the local DynamoDB' },
    { variable: 'OFFLINE_PORT', port: port('OFFLINE_PORT', 3000), serves: "serverless offline's HTTP API" },
    { variable: 'SQS_PORT', port: port('SQS_PORT', DEFAULT_SQS_PORT), serves: 'the local SQS (the dial queue)' },
    { variable: 'OFFLINE_LAMBDA_PORT', port: port('OFFLINE_LAMBDA_PORT', 3002), serves: "serverless offline's Lambda endpoint" },
  ];
}

/** The value of each variable, `EMULATOR_PORT=9100 …`, for the lines that start a part. */
export function portVariables(ports: readonly LocalPort[]): Record<string, string> {
  return Object.fromEntries(ports.map(({ variable, port }) => [variable, String(port)]));
}

/**
 * Why `npm start` cannot start on these ports, as lines for the person who ran it, or undefined
 * when every port is free. An emulator already running is told apart from another program.
 */
export async function takenPortsMessage(ports: readonly LocalPort[]): Promise<string | undefined> {
  const taken = (await Promise.all(ports.map(async (entry) => ((await isFree(entry.port)) ? [] : [entry])))).flat();
  if (taken.length === 0) return undefined;
  const lines = await Promise.all(
    taken.map(async ({ variable, port, serves }) => {
      const holder =
        variable === 'EMULATOR_PORT' && (await emulatorAnswers(HOST, port))
          ? 'an emulator that is already running (npm run emulator, or another npm start): stop it first'
          : 'another program';
      return `Port ${port} (${variable}, for ${serves}) is taken by ${holder}.`;
    }),
  );
  // Every port moves by the same step, so the pick avoids a default set of ports already in use.
  const moved = ports.map(({ variable, port }) => `${variable}=${port + 100}`).join(' ');
  return [...lines, `Stop what holds it, or start on other ports: ${moved} npm start`].join('\n');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) => (isPortTaken(error) ? resolve(false) : reject(error)));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}
