/** Decided once per run: whether to start the terminal UI, and whether to use colours. */

export interface TerminalFacts {
  stderrIsTty: boolean;
  stdoutIsTty: boolean;
  env: NodeJS.ProcessEnv;
}

export function currentTerminal(): TerminalFacts {
  return { stderrIsTty: process.stderr.isTTY, stdoutIsTty: process.stdout.isTTY, env: process.env };
}

/** CI systems set CI (GitHub Actions, GitLab, CircleCI, Travis …); any value but "false"/"0" counts. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * The TUI runs when asked (--format tui), or by default when both stdout and stderr are a terminal outside
 * CI: a piped or redirected stdout wants the report, not a screen.
 */
export function wantsTui(
  options: { format?: string | undefined; tui?: boolean | undefined },
  terminal: TerminalFacts,
): boolean {
  if (options.format === 'tui') return true;
  if (options.format !== undefined || options.tui === false) return false;
  return terminal.stdoutIsTty && terminal.stderrIsTty && !isCi(terminal.env) && terminal.env['TERM'] !== 'dumb';
}

/** Colours follow --color/--no-color, then FORCE_COLOR, then NO_COLOR and TERM=dumb, then the TTY. */
export function wantsColor(flag: boolean | undefined, terminal: TerminalFacts, stream: 'stdout' | 'stderr'): boolean {
  if (flag !== undefined) return flag;
  const force = terminal.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if ((terminal.env['NO_COLOR'] ?? '') !== '' || terminal.env['TERM'] === 'dumb') return false;
  return stream === 'stdout' ? terminal.stdoutIsTty : terminal.stderrIsTty;
}
