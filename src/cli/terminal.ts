/** Decided once per run: whether to start the terminal UI, and whether to use colours. */

export interface TerminalFacts {
  stdinIsTty: boolean;
  stderrIsTty: boolean;
  stdoutIsTty: boolean;
  env: NodeJS.ProcessEnv;
}

export function currentTerminal(): TerminalFacts {
  return {
    stdinIsTty: process.stdin.isTTY,
    stderrIsTty: process.stderr.isTTY,
    stdoutIsTty: process.stdout.isTTY,
    env: process.env,
  };
}

/**
 * CI systems set CI (GitHub Actions, GitLab, CircleCI, Travis …) or CONTINUOUS_INTEGRATION; any value but
 * "false"/"0", even an empty one, counts. The same rule as Ink's, so the UI never starts where Ink would
 * refuse to draw it.
 */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const set = (key: string) => key in env && env[key] !== '0' && env[key] !== 'false';
  return set('CI') || set('CONTINUOUS_INTEGRATION');
}

/**
 * The TUI runs when asked (--format tui), or by default in a terminal a person is at: stdin, stdout and
 * stderr all terminals, outside CI. A piped or redirected stdout wants the report, not a screen; without a
 * keyboard on stdin the findings could not be browsed.
 */
export function wantsTui(
  options: { format?: string | undefined; tui?: boolean | undefined },
  terminal: TerminalFacts,
): boolean {
  if (options.format === 'tui') return true;
  if (options.format !== undefined || options.tui === false) return false;
  const { stdinIsTty, stdoutIsTty, stderrIsTty, env } = terminal;
  return stdinIsTty && stdoutIsTty && stderrIsTty && !isCi(env) && env['TERM'] !== 'dumb';
}

/** Colours follow --color/--no-color, then FORCE_COLOR, then NO_COLOR and TERM=dumb, then the TTY. */
export function wantsColor(flag: boolean | undefined, terminal: TerminalFacts, stream: 'stdout' | 'stderr'): boolean {
  if (flag !== undefined) return flag;
  const force = terminal.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if ((terminal.env['NO_COLOR'] ?? '') !== '' || terminal.env['TERM'] === 'dumb') return false;
  return stream === 'stdout' ? terminal.stdoutIsTty : terminal.stderrIsTty;
}
