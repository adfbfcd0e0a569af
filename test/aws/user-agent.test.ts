/**
 * Each request names trailscan in its User-Agent, after the SDK's own product, so the audited account's
 * CloudTrail (the `userAgent` of each event) tells the scan's reads apart. Through the real SDK, against
 * an endpoint that records the headers it receives.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsClients, type AwsAccessOptions } from '../../src/aws/clients.js';
import { TOOL_VERSION } from '../../src/cli/version.js';
import { isolatedEnv, runCli } from '../support/cli.js';

const received: IncomingHttpHeaders[] = [];
const server = createServer((request, response) => {
  received.push(request.headers);
  request.resume();
  response.writeHead(403, { 'content-type': 'text/xml' });
  response.end('<ErrorResponse><Error><Code>AccessDenied</Code><Message>recorded</Message></Error></ErrorResponse>');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    }),
);

const endpoint = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const headersOf = async (tool: AwsAccessOptions['tool']) => {
  received.length = 0;
  const clients = new AwsClients({
    credentials: { accessKeyId: 'TSUSERAGENT', secretAccessKey: 'user-agent-secret' },
    endpointUrl: endpoint(),
    maxAttempts: 1,
    requestTimeoutMs: 5000,
    connectTimeoutMs: 5000,
    maxSockets: 1,
    tool,
  });
  const sts = await clients.client('sts', 'us-east-1');
  await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow('recorded');
  await clients.destroy();
  expect(received).toHaveLength(1);
  return received[0] ?? {};
};

describe("the scan's User-Agent", () => {
  it('names the tool and its version after the SDK', async () => {
    const headers = await headersOf({ name: 'trailscan', version: '1.2.3' });
    expect(headers['user-agent']).toMatch(/^aws-sdk-js\/\S+ .* trailscan\/1\.2\.3$/);
    expect(headers['x-amz-user-agent']).toMatch(/^aws-sdk-js\/\S+ trailscan\/1\.2\.3$/);
  });

  it("is trailscan's own, with the package's version, in a scan", async () => {
    received.length = 0;
    await runCli(['scan', '--no-tui', '--region', 'us-east-1', '--endpoint-url', endpoint()], {
      env: isolatedEnv({ AWS_ACCESS_KEY_ID: 'TSUSERAGENT', AWS_SECRET_ACCESS_KEY: 'user-agent-secret' }),
    });
    expect(received.length).toBeGreaterThan(0);
    for (const headers of received) expect(headers['user-agent']).toContain(` trailscan/${TOOL_VERSION}`);
  });

  it('is the SDK’s alone when no tool is named', async () => {
    const headers = await headersOf(undefined);
    expect(headers['user-agent']).toMatch(/^aws-sdk-js\//);
    expect(headers['user-agent']).not.toContain('trailscan');
  });
});
