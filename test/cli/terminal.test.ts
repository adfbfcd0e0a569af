import { describe, expect, it } from 'vitest';
import { isCi, wantsColor, wantsTui, type TerminalFacts } from '../../src/cli/terminal.js';

const terminal = (overrides: Partial<TerminalFacts> = {}, env: NodeJS.ProcessEnv = {}): TerminalFacts => ({
  stdinIsTty: true,
  stdoutIsTty: true,
  stderrIsTty: true,
  env: { TERM: 'xterm-256color', ...env },
  ...overrides,
});

describe('wantsTui', () => {
  it.each([
    ['an interactive terminal', {}, terminal(), true],
    ['CI', {}, terminal({}, { CI: 'true' }), false],
    ['CI=false is not CI', {}, terminal({}, { CI: 'false' }), true],
    ['an empty CI is CI, as for Ink', {}, terminal({}, { CI: '' }), false],
    ['CONTINUOUS_INTEGRATION', {}, terminal({}, { CONTINUOUS_INTEGRATION: 'yes' }), false],
    ['stdin not a terminal (< /dev/null)', {}, terminal({ stdinIsTty: false }), false],
    ['stdout piped (trailscan | cat)', {}, terminal({ stdoutIsTty: false }), false],
    ['stderr redirected', {}, terminal({ stderrIsTty: false }), false],
    ['TERM=dumb', {}, terminal({}, { TERM: 'dumb' }), false],
    ['--no-tui', { tui: false }, terminal(), false],
    ['any --format', { format: 'json' }, terminal(), false],
    ['--format tui, even when piped', { format: 'tui' }, terminal({ stdoutIsTty: false }), true],
  ])('%s → %s', (_name, options, facts, expected) => {
    expect(wantsTui(options, facts)).toBe(expected);
  });
});

describe('wantsColor', () => {
  it.each([
    ['a terminal', undefined, terminal(), true],
    ['NO_COLOR', undefined, terminal({}, { NO_COLOR: '1' }), false],
    ['an empty NO_COLOR does not count', undefined, terminal({}, { NO_COLOR: '' }), true],
    [
      'FORCE_COLOR beats NO_COLOR',
      undefined,
      terminal({ stdoutIsTty: false }, { FORCE_COLOR: '1', NO_COLOR: '1' }),
      true,
    ],
    ['--no-color beats FORCE_COLOR', false, terminal({}, { FORCE_COLOR: '1' }), false],
    ['--color on a pipe', true, terminal({ stdoutIsTty: false }), true],
    ['a pipe', undefined, terminal({ stdoutIsTty: false }), false],
    ['TERM=dumb', undefined, terminal({}, { TERM: 'dumb' }), false],
  ])('%s → %s', (_name, flag, facts, expected) => {
    expect(wantsColor(flag, facts, 'stdout')).toBe(expected);
  });

  it('recognises CI', () => {
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({ CI: '0' })).toBe(false);
    expect(isCi({})).toBe(false);
  });
});
