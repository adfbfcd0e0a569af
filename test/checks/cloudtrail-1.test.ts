import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import {
  ACCOUNT_ID,
  ALL_MANAGEMENT,
  OTHER_ACCOUNT_ID,
  advanced,
  basic,
  err,
  inventory,
  ok,
  run,
  trail,
} from '../fixtures/inventory.js';

const mgmt = { field: 'eventCategory', equals: ['Management'] };

interface Case {
  name: string;
  inventory: Inventory;
  params?: Record<string, unknown>;
  status: string;
  reasonCode: string;
}

const cases: Case[] = [
  {
    name: 'a logging multi-Region trail with the default selector',
    inventory: inventory(),
    status: 'PASSED',
    reasonCode: 'MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
  },
  {
    name: 'no trail at all',
    inventory: inventory({ trails: [] }),
    status: 'FAILED',
    reasonCode: 'NO_MULTI_REGION_TRAIL',
  },
  {
    name: 'only a single-Region trail',
    inventory: inventory({ trails: [trail({ isMultiRegion: false })] }),
    status: 'FAILED',
    reasonCode: 'NO_MULTI_REGION_TRAIL',
  },
  {
    name: 'a stopped multi-Region trail',
    inventory: inventory({ trails: [trail({ status: ok({ isLogging: false }) })] }),
    status: 'FAILED',
    reasonCode: 'MULTI_REGION_TRAIL_NOT_LOGGING',
  },
  {
    name: 'criteria split across two trails: multi-Region but stopped, logging but single-Region',
    inventory: inventory({
      trails: [
        trail({ name: 'multi', status: ok({ isLogging: false }) }),
        trail({ name: 'single', isMultiRegion: false }),
      ],
    }),
    status: 'FAILED',
    reasonCode: 'MULTI_REGION_TRAIL_NOT_LOGGING',
  },
  {
    name: 'a write-only basic selector',
    inventory: inventory({ trails: [trail({ selectors: ok(basic({ readWriteType: 'WriteOnly' })) })] }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  {
    name: 'a read-only basic selector',
    inventory: inventory({ trails: [trail({ selectors: ok(basic({ readWriteType: 'ReadOnly' })) })] }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  {
    name: 'management events switched off (data events only)',
    inventory: inventory({ trails: [trail({ selectors: ok(basic({ includeManagementEvents: false })) })] }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  {
    name: 'ExcludeManagementEventSources kms.amazonaws.com',
    inventory: inventory({
      trails: [trail({ selectors: ok(basic({ excludeManagementEventSources: ['kms.amazonaws.com'] })) })],
    }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  {
    name: 'read-only plus write-only basic selectors on one trail',
    inventory: inventory({
      trails: [trail({ selectors: ok(basic({ readWriteType: 'ReadOnly' }, { readWriteType: 'WriteOnly' })) })],
    }),
    status: 'WARNING',
    reasonCode: 'SPLIT_READ_WRITE_SELECTORS',
  },
  {
    name: 'trap: reads on one multi-Region trail and writes on another: no one trail has them all',
    inventory: inventory({
      trails: [
        trail({ name: 'reads', selectors: ok(basic({ readWriteType: 'ReadOnly' })) }),
        trail({
          name: 'writes',
          selectors: ok(advanced({ fieldSelectors: [mgmt, { field: 'readOnly', equals: ['false'] }] })),
        }),
      ],
    }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  {
    name: 'trap: a split across two trails fails even when the parameter accepts a split on one',
    inventory: inventory({
      trails: [
        trail({ name: 'reads', selectors: ok(basic({ readWriteType: 'ReadOnly' })) }),
        trail({ name: 'writes', selectors: ok(basic({ readWriteType: 'WriteOnly' })) }),
      ],
    }),
    params: { splitReadWriteSelectors: 'PASSED' },
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  {
    name: 'a read/write split when the parameter accepts it',
    inventory: inventory({
      trails: [trail({ selectors: ok(basic({ readWriteType: 'ReadOnly' }, { readWriteType: 'WriteOnly' })) })],
    }),
    params: { splitReadWriteSelectors: 'PASSED' },
    status: 'PASSED',
    reasonCode: 'SPLIT_READ_WRITE_SELECTORS',
  },
  {
    name: 'one advanced selector whose readOnly accepts both values',
    inventory: inventory({
      trails: [
        trail({
          selectors: ok(advanced({ fieldSelectors: [mgmt, { field: 'readOnly', equals: ['true', 'false'] }] })),
        }),
      ],
    }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  {
    name: 'no Region scanned at all (an inventory of nothing)',
    inventory: inventory({ regions: [], trails: [] }),
    status: 'NOT_AVAILABLE',
    reasonCode: 'NO_REGION_SCANNED',
  },
  {
    name: 'a split where one half also excludes KMS is not a split',
    inventory: inventory({
      trails: [
        trail({
          selectors: ok(
            basic(
              { readWriteType: 'ReadOnly' },
              { readWriteType: 'WriteOnly', excludeManagementEventSources: ['kms.amazonaws.com'] },
            ),
          ),
        }),
      ],
    }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  {
    name: 'an advanced selector without readOnly, whatever its name',
    inventory: inventory({
      trails: [trail({ selectors: ok(advanced({ name: 'anything at all', fieldSelectors: [mgmt] })) })],
    }),
    status: 'PASSED',
    reasonCode: 'MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
  },
  {
    name: 'an advanced selector named "Management events selector" but write-only',
    inventory: inventory({
      trails: [
        trail({
          selectors: ok(
            advanced({
              name: 'Management events selector',
              fieldSelectors: [mgmt, { field: 'readOnly', equals: ['false'] }],
            }),
          ),
        }),
      ],
    }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  {
    name: 'advanced data-event selectors only',
    inventory: inventory({
      trails: [
        trail({
          selectors: ok(
            advanced({
              fieldSelectors: [
                { field: 'eventCategory', equals: ['Data'] },
                { field: 'resources.type', equals: ['AWS::S3::Object'] },
              ],
            }),
          ),
        }),
      ],
    }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  },
  ...(
    [
      ['notEquals', ['kms.amazonaws.com']],
      ['notStartsWith', ['rdsdata']],
      ['notEndsWith', ['.amazonaws.com']],
      ['equals', ['iam.amazonaws.com']],
      ['startsWith', ['ec2']],
      ['endsWith', ['amazonaws.com']],
    ] as const
  ).map(([operator, values]): Case => ({
    name: `an advanced management selector with an eventSource ${operator} condition`,
    inventory: inventory({
      trails: [
        trail({
          selectors: ok(advanced({ fieldSelectors: [mgmt, { field: 'eventSource', [operator]: [...values] }] })),
        }),
      ],
    }),
    status: 'FAILED',
    reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
  })),
  {
    name: 'an advanced management selector plus a data selector',
    inventory: inventory({
      trails: [
        trail({
          selectors: ok(
            advanced(
              { fieldSelectors: [mgmt] },
              {
                fieldSelectors: [
                  { field: 'eventCategory', equals: ['Data'] },
                  { field: 'resources.type', equals: ['AWS::Lambda::Function'] },
                ],
              },
            ),
          ),
        }),
      ],
    }),
    status: 'PASSED',
    reasonCode: 'MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
  },
  {
    name: 'one compliant trail among non-compliant ones',
    inventory: inventory({
      trails: [trail({ name: 'bad', selectors: ok(basic({ readWriteType: 'ReadOnly' })) }), trail({ name: 'good' })],
    }),
    status: 'PASSED',
    reasonCode: 'MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
  },
  {
    name: 'GetTrailStatus failed for the only candidate',
    inventory: inventory({
      trails: [
        trail({
          status: err(
            'cloudtrail:GetTrailStatus',
            'us-east-1',
            'AccessDeniedException',
            `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/main`,
          ),
        }),
      ],
    }),
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'GetEventSelectors failed for the only candidate',
    inventory: inventory({
      trails: [
        trail({
          selectors: err(
            'cloudtrail:GetEventSelectors',
            'us-east-1',
            'ThrottlingException',
            `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/main`,
          ),
        }),
      ],
    }),
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'selectors unreadable, but the trail is stopped anyway',
    inventory: inventory({
      trails: [
        trail({ status: ok({ isLogging: false }), selectors: err('cloudtrail:GetEventSelectors', 'us-east-1') }),
      ],
    }),
    status: 'FAILED',
    reasonCode: 'MULTI_REGION_TRAIL_NOT_LOGGING',
  },
  {
    name: 'an unreadable candidate does not hide a compliant one',
    inventory: inventory({
      trails: [
        trail({ name: 'unreadable', selectors: err('cloudtrail:GetEventSelectors', 'us-east-1') }),
        trail({ name: 'good' }),
      ],
    }),
    status: 'PASSED',
    reasonCode: 'MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
  },
  (() => {
    const orgTrail = trail({ name: 'org', ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    return {
      name: 'an organization trail seen from a member account, logging, selectors unreadable',
      inventory: inventory({
        trails: [
          {
            ...orgTrail,
            selectors: err('cloudtrail:GetEventSelectors', 'us-east-1', 'TrailNotFoundException', orgTrail.arn),
          },
        ],
      }),
      status: 'WARNING',
      reasonCode: 'ORGANIZATION_TRAIL_UNREADABLE',
    };
  })(),
  {
    // AWS answers its selectors only to the management account: whatever an inventory holds, it is judged there.
    name: 'an organization trail seen from a member account, logging, selectors not read',
    inventory: inventory({
      trails: [trail({ name: 'org', ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true })],
    }),
    status: 'WARNING',
    reasonCode: 'ORGANIZATION_TRAIL_UNREADABLE',
  },
  (() => {
    const orgTrail = trail({ name: 'org', ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    return {
      name: 'an organization trail read by its owner in the same scan: logging, all management events',
      inventory: {
        ...inventory({ trails: [{ ...orgTrail, selectors: undefined }] }),
        ownerViews: { [orgTrail.arn]: { status: ok({ isLogging: true }), selectors: ok(ALL_MANAGEMENT) } },
      },
      status: 'PASSED',
      reasonCode: 'ORGANIZATION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
    };
  })(),
  (() => {
    // The member's own reading says logging; the owner's says otherwise, and the owner's is the truth.
    const orgTrail = trail({ name: 'org', ownerAccountId: OTHER_ACCOUNT_ID, isOrganizationTrail: true });
    return {
      name: 'an organization trail its owner reads as writing only: never a pass',
      inventory: {
        ...inventory({ trails: [{ ...orgTrail, selectors: undefined }] }),
        ownerViews: {
          [orgTrail.arn]: { status: ok({ isLogging: true }), selectors: ok(basic({ readWriteType: 'WriteOnly' })) },
        },
      },
      status: 'FAILED',
      reasonCode: 'MANAGEMENT_EVENTS_NOT_FULLY_RECORDED',
    };
  })(),
  {
    name: 'DescribeTrails failed in every Region',
    inventory: inventory({
      trails: [],
      trailLists: {
        'us-east-1': err('cloudtrail:DescribeTrails', 'us-east-1'),
        'us-west-2': err('cloudtrail:DescribeTrails', 'us-west-2'),
        'eu-west-1': err('cloudtrail:DescribeTrails', 'eu-west-1'),
      },
    }),
    status: 'NOT_AVAILABLE',
    reasonCode: 'API_ERROR',
  },
  {
    name: 'DescribeTrails failed in one Region only: multi-Region trails show everywhere',
    inventory: inventory({
      trailLists: {
        'us-east-1': ok([`arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/main`]),
        'us-west-2': err('cloudtrail:DescribeTrails', 'us-west-2'),
        'eu-west-1': ok([`arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/main`]),
      },
    }),
    status: 'PASSED',
    reasonCode: 'MULTI_REGION_TRAIL_RECORDS_ALL_MANAGEMENT_EVENTS',
  },
];

describe('CloudTrail.1', () => {
  it.each(cases)('$name → $status $reasonCode', ({ inventory: inv, params, status, reasonCode }) => {
    const findings = run('CloudTrail.1', inv, params);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status,
      reasonCode,
      resource: { type: 'AwsAccount', id: `AWS::::Account:${ACCOUNT_ID}` },
    });
  });

  it('carries the failed call on NOT_AVAILABLE', () => {
    const [finding] = run(
      'CloudTrail.1',
      inventory({ trails: [trail({ status: err('cloudtrail:GetTrailStatus', 'us-east-1', 'ThrottlingException') })] }),
    );
    expect(finding?.errors).toEqual([
      expect.objectContaining({
        operation: 'cloudtrail:GetTrailStatus',
        region: 'us-east-1',
        code: 'ThrottlingException',
      }),
    ]);
    expect(finding?.reason).toContain('cloudtrail:GetTrailStatus in us-east-1 failed: ThrottlingException');
  });

  it('names what narrows the selectors', () => {
    const inv = inventory({
      trails: [trail({ selectors: ok(basic({ excludeManagementEventSources: ['kms.amazonaws.com'] })) })],
    });
    expect(run('CloudTrail.1', inv)[0]?.reason).toContain('ExcludeManagementEventSources: kms.amazonaws.com');
  });
});
