/** Real SDK clients (through the scanner's own factory) talking to a sandbox. */
import { afterAll } from 'vitest';
import { AwsClients, type AwsAccessOptions } from '../../src/aws/clients.js';
import { parseScenario, startSandbox, type RunningSandbox, type ScenarioInput } from '../../src/sandbox/index.js';

export interface SandboxFixture {
  sandbox: RunningSandbox;
  /** Clients signed with an account's keys (the first account by default), one attempt per call. */
  clients(
    account?: number | { accessKeyId: string; secretAccessKey: string },
    options?: Partial<AwsAccessOptions>,
  ): AwsClients;
}

/** Starts a sandbox for the enclosing test file and closes it, and every client made, after it. */
export async function useSandbox(scenario: ScenarioInput): Promise<SandboxFixture> {
  const sandbox = await startSandbox(parseScenario(scenario, 'test'));
  const made: AwsClients[] = [];
  afterAll(async () => {
    await Promise.all(made.map((c) => c.destroy()));
    await sandbox.close();
  });
  return {
    sandbox,
    clients(account = 0, options = {}) {
      const keys = typeof account === 'number' ? sandbox.accounts[account]! : account;
      const clients = new AwsClients({
        credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
        endpointUrl: sandbox.url,
        maxAttempts: 1,
        requestTimeoutMs: 5_000,
        connectTimeoutMs: 2_000,
        maxSockets: 16,
        ...options,
      });
      made.push(clients);
      return clients;
    },
  };
}

/** The error a call fails with (the test fails if it succeeds). */
export async function failure(
  call: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers: Record<string, string> } }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
