/**
 * The sandbox: a local endpoint that speaks the AWS wire protocols trailscan's collectors use (STS and
 * EC2 query, CloudTrail JSON 1.1, S3 and S3 Control REST-XML) and serves a world described by a scenario.
 */
import { once } from 'node:events';
import { parseScenario, type Scenario } from './scenario.js';
import type { RequestCounts } from './counts.js';
import { listen } from './server.js';
import type { SandboxService } from './service.js';
import { SANDBOX_SERVICES } from './services/index.js';
import { World } from './world.js';
import { loadScenario } from './load.js';

export { builtinScenarioNames, loadScenario } from './load.js';
export {
  ALL_PUBLIC_ACCESS_BLOCKED,
  buildWorld,
  compliantAccountResources,
  compliantTrail,
  DEFAULT_REGIONS,
  OPT_IN_REGIONS,
  type WorldSpec,
} from './builders.js';
export { parseScenario, scenarioJsonSchema, ScenarioError, type Scenario, type ScenarioInput } from './scenario.js';
export type { RequestCounts } from './counts.js';

export interface SandboxAccount {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  name?: string;
  /** Whether it is the management account of an organization (it can list and enter the others). */
  managesOrganization?: boolean;
}

export interface RunningSandbox {
  /** The endpoint for every service (AWS_ENDPOINT_URL). */
  url: string;
  accounts: SandboxAccount[];
  /** Requests received so far, per `service:Operation` and Region (also at GET /_sandbox/counts). */
  counts(): RequestCounts;
  /** Zeroes the counts and starts fault schedules over (also POST /_sandbox/reset). */
  resetCounts(): void;
  /** Stops serving; requests still waiting (latency, hang) are cut off. */
  close(): Promise<void>;
}

/** Serves the scenario on host:port (127.0.0.1 and a free port by default). */
export async function startSandbox(
  scenario: Scenario,
  options: { port?: number; host?: string; extraServices?: readonly SandboxService[] } = {},
): Promise<RunningSandbox> {
  // Types cannot carry the cross-references a world relies on, so a hand-made scenario is checked here too.
  const world = new World(parseScenario(scenario, scenario.name ?? 'inline'));
  const services = [...Object.values(SANDBOX_SERVICES), ...(options.extraServices ?? [])];
  const server = await listen(world, options.host ?? '127.0.0.1', options.port ?? 0, services);
  return {
    url: server.url,
    accounts: world.scenario.accounts.map(({ accessKeyId, secretAccessKey, accountId, name, organization }) => ({
      accessKeyId,
      secretAccessKey,
      accountId,
      ...(name === undefined ? {} : { name }),
      ...(organization?.management === true ? { managesOrganization: true } : {}),
    })),
    counts: server.counts,
    resetCounts: server.resetCounts,
    close: server.close,
  };
}

/**
 * Serves a scenario in the foreground: prints the environment a client needs for the first account
 * (`AWS_ENDPOINT_URL=…` lines a shell can export) and, as comments, the keys of any other account, then
 * serves until the signal aborts.
 */
export async function serveSandbox(options: {
  scenario: string;
  port?: number;
  out: NodeJS.WritableStream;
  signal: AbortSignal;
}): Promise<void> {
  const scenario = await loadScenario(options.scenario);
  const sandbox = await startSandbox(scenario, options.port === undefined ? {} : { port: options.port });
  try {
    const lines = [`# trailscan sandbox serving scenario ${options.scenario} at ${sandbox.url}`];
    scenario.accounts.forEach((account, index) => {
      const region = scenario.regions.find((r) => !r.optIn)?.name ?? account.optedInRegions[0] ?? 'us-east-1';
      // Exporting every line must leave one consistent account: the others are there to copy by hand.
      const prefix = index === 0 ? '' : '# ';
      lines.push(
        `# account ${account.name ?? account.accountId} (${account.accountId})`,
        `${prefix}AWS_ENDPOINT_URL=${sandbox.url}`,
        `${prefix}AWS_ACCESS_KEY_ID=${account.accessKeyId}`,
        `${prefix}AWS_SECRET_ACCESS_KEY=${account.secretAccessKey}`,
        `${prefix}AWS_REGION=${region}`,
      );
    });
    options.out.write(`${lines.join('\n')}\n`);
    if (!options.signal.aborted) await once(options.signal, 'abort');
  } finally {
    await sandbox.close();
  }
}
