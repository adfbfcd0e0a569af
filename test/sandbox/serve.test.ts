import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { UsageError } from '../../src/errors.js';
import { builtinScenarioNames, loadScenario, serveSandbox, startSandbox } from '../../src/sandbox/index.js';

/** Resolves with everything written once `done` says the output is complete. */
function collect(stream: PassThrough, done: (text: string) => boolean): Promise<string> {
  let text = '';
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (done(text)) resolve(text);
    });
  });
}

describe('serveSandbox', () => {
  it('prints shell-exportable settings per account and serves until aborted', async () => {
    const out = new PassThrough();
    const abort = new AbortController();
    const printed = collect(out, (text) => text.includes('AWS_REGION='));
    const serving = serveSandbox({ scenario: 'demo', out, signal: abort.signal });
    const lines = (await printed).trim().split('\n');
    expect(lines[0]).toMatch(/^# trailscan sandbox serving scenario demo at http:\/\/127\.0\.0\.1:\d+$/);
    const settings = Object.fromEntries(
      lines.filter((l) => !l.startsWith('#')).map((l) => l.split('=', 2) as [string, string]),
    );
    expect(Object.keys(settings)).toEqual([
      'AWS_ENDPOINT_URL',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_REGION',
    ]);

    const clients = new AwsClients({
      credentials: { accessKeyId: settings['AWS_ACCESS_KEY_ID']!, secretAccessKey: settings['AWS_SECRET_ACCESS_KEY']! },
      endpointUrl: settings['AWS_ENDPOINT_URL'],
      maxAttempts: 1,
      requestTimeoutMs: 2_000,
      connectTimeoutMs: 1_000,
      maxSockets: 2,
    });
    try {
      const sts = await clients.client('sts', settings['AWS_REGION']!);
      await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '123456789012' });
    } finally {
      await clients.destroy();
    }
    abort.abort();
    await serving;
    await expect(fetch(`${settings['AWS_ENDPOINT_URL']}/_sandbox/counts`)).rejects.toThrow();
  });
});

describe('startSandbox', () => {
  it('serves every built-in scenario with fake keys only', async () => {
    for (const name of builtinScenarioNames()) {
      const sandbox = await startSandbox(await loadScenario(name), { host: '127.0.0.1', port: 0 });
      try {
        expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(sandbox.accounts.length).toBeGreaterThan(0);
        for (const account of sandbox.accounts) expect(account.accessKeyId).not.toMatch(/(AKIA|ASIA)[A-Z0-9]{16}/);
      } finally {
        await sandbox.close();
      }
    }
  });

  it('refuses a port in use with a usage error, not a crash', async () => {
    const first = await startSandbox(await loadScenario('demo'));
    try {
      const port = Number(new URL(first.url).port);
      await expect(startSandbox(await loadScenario('demo'), { port })).rejects.toThrow(
        new UsageError(`port ${port} on 127.0.0.1 is already in use`),
      );
    } finally {
      await first.close();
    }
  });
});
