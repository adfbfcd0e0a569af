/** `trailscan sandbox`: serve a scenario's world on a local AWS-compatible endpoint until Ctrl-C. */
import { EXIT } from '../model/gate.js';
import type { ParsedArgs } from './args.js';
import type { Io } from './report-command.js';

export async function runSandboxCommand(args: ParsedArgs, io: Io): Promise<number> {
  const { serveSandbox } = await import('../sandbox/index.js');
  const controller = new AbortController();
  const stop = () => {
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await serveSandbox({
      scenario: args.scenario ?? 'demo',
      ...(args.port === undefined ? {} : { port: args.port }),
      out: io.stdout,
      signal: controller.signal,
    });
    return EXIT.ok;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
