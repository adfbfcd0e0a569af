/** `trailscan sandbox`: serve a scenario's world on a local AWS-compatible endpoint until Ctrl-C. */
import { EXIT } from '../model/gate.js';
import type { ParsedArgs } from './args.js';
import type { Io } from './main.js';

/** Ctrl-C or SIGTERM is how a foreground sandbox is meant to end: exit 0. */
export async function runSandboxCommand(args: ParsedArgs, io: Io): Promise<number> {
  const { serveSandbox } = await import('../sandbox/index.js');
  await serveSandbox({
    scenario: args.scenario ?? 'demo',
    ...(args.port === undefined ? {} : { port: args.port }),
    out: io.stdout,
    signal: io.stop,
  });
  return EXIT.ok;
}
