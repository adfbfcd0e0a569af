import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { UsageError } from '../../src/errors.js';

const usage = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('parseCommandLine', () => {
  it('defaults to scan', () => {
    expect(parseCommandLine([])).toMatchObject({ command: 'scan', outputs: [], quiet: false });
  });

  it('parses every scan flag', () => {
    const args = parseCommandLine([
      'scan',
      '--profile',
      'audit',
      '--region',
      'eu-west-1',
      '--regions',
      'us-east-1, eu-west-1',
      '--exclude-regions',
      'us-west-2',
      '--checks',
      'CloudTrail.1,CloudTrail.6',
      '--endpoint-url',
      'http://127.0.0.1:4566',
      '--concurrency',
      '16',
      '--timeout',
      '5',
      '--max-attempts',
      '3',
      '--format',
      'json',
      '-o',
      'sarif=out.sarif',
      '-o',
      'json=out/r.json',
      '--fail-on',
      'high',
      '--save-inventory',
      'inv.json',
      '--config',
      'c.yaml',
      '--no-tui',
      '--no-color',
      '--quiet',
    ]);
    expect(args).toMatchObject({
      command: 'scan',
      profile: 'audit',
      region: 'eu-west-1',
      regions: ['us-east-1', 'eu-west-1'],
      excludeRegions: ['us-west-2'],
      checks: ['CloudTrail.1', 'CloudTrail.6'],
      endpointUrl: 'http://127.0.0.1:4566',
      concurrency: 16,
      timeoutSeconds: 5,
      maxAttempts: 3,
      format: 'json',
      outputs: [
        { format: 'sarif', path: 'out.sarif' },
        { format: 'json', path: 'out/r.json' },
      ],
      failOn: 'high',
      saveInventory: 'inv.json',
      config: 'c.yaml',
      tui: false,
      color: false,
      quiet: true,
    });
  });

  it.each([
    [['--history'], 90],
    [['--history', '30'], 30],
    [['--history=7'], 7],
    [['scan', '--history', '--checks', 'CloudTrail.1'], 90],
    [['--history', '--quiet'], 90],
    [['demo', '--history', '1'], 1],
    [[], undefined],
  ])('--history [DAYS]: %j → %s days', (argv, days) => {
    expect(parseCommandLine(argv).historyDays).toBe(days);
  });

  it('takes the inventory file of evaluate', () => {
    expect(parseCommandLine(['evaluate', 'inv.json', '--format', 'json'])).toMatchObject({
      command: 'evaluate',
      positionals: ['inv.json'],
    });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus (see trailscan --help)'],
    [['frobnicate'], 'unknown command "frobnicate" (see trailscan --help)'],
    [['--regions', 'us-east-1,mars-1'], '--regions: "mars-1" is not a Region name (e.g. us-east-1)'],
    [['--region', 'US_EAST'], '--region: "US_EAST" is not a Region name (e.g. us-east-1)'],
    [['--fail-on', 'severe'], '--fail-on must be one of critical, high, medium, low, none, got "severe"'],
    [['--format', 'xml'], '--format must be one of text, json, sarif, junit, html, asff, ocsf, tui, got "xml"'],
    [['-o', 'out.sarif'], '-o expects FORMAT=PATH (e.g. sarif=trailscan.sarif), got "out.sarif"'],
    [['-o', 'pdf=out.pdf'], '--output format must be one of text, json, sarif, junit, html, asff, ocsf, got "pdf"'],
    [['--concurrency', '0'], '--concurrency must be an integer from 1 to 256, got "0"'],
    [['--history', '91'], '--history must be an integer from 1 to 90, got "91"'],
    [['--history=a week'], '--history must be an integer from 1 to 90, got "a week"'],
    [['checks', '--history'], 'trailscan checks does not take --history'],
    [['--concurrency', '0x10'], '--concurrency must be an integer from 1 to 256, got "0x10"'],
    [['--timeout', '1e1'], '--timeout must be an integer from 1 to 600, got "1e1"'],
    [['--max-attempts', ' 3'], '--max-attempts must be an integer from 1 to 20, got " 3"'],
    [['sandbox', '--port', '8.0'], '--port must be an integer from 0 to 65535, got "8.0"'],
    [['--regions', `${'x'.repeat(60)}-1`], `--regions: "${'x'.repeat(39)}…" is not a Region name (e.g. us-east-1)`],
    [['--profile'], 'option --profile needs a value'],
    [['-c'], 'option --config needs a value'],
    [['evaluate'], 'trailscan evaluate needs exactly one inventory file (saved with --save-inventory)'],
    [['checks', '--profile', 'x'], 'trailscan checks does not take --profile'],
    [['scan', 'extra'], 'unexpected argument "extra"'],
  ])('%j → %s', (argv, message) => {
    expect(usage(argv)).toBe(message);
  });
});
