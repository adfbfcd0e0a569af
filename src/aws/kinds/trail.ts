/**
 * Trails: listed in every Region by DescribeTrails (shadow trails included, so multi-Region and
 * organization trails show everywhere and are de-duplicated by ARN), then read by ARN in their home
 * Region — elsewhere AWS answers TrailNotFound or ARN errors.
 */
import type {
  AdvancedFieldSelector,
  GetEventSelectorsCommandOutput,
  GetTrailStatusCommandOutput,
  Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import type { FieldSelector, Trail, TrailSelectors, TrailStatus } from '../../model/inventory.js';
import { IncompleteAnswer, orAbsent, required } from '../caller.js';
import { OPERATIONS } from '../catalogue.js';
import { parseArn } from '../regions.js';
import { trailStatusLeftUnread } from '../../model/left-unread.js';
import { listedKind } from './kind.js';

const cloudtrailSdk = () => import('../sdk/cloudtrail.js');

/** Keeps only the members that are set: AWS's empty strings mean "not set", not a value. */
function definedMembers<T extends Record<string, unknown>>(members: T): Partial<T> {
  return Object.fromEntries(Object.entries(members).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

function normalizeTrail(trail: SdkTrail): Trail {
  const arn = required(trail.TrailARN, 'DescribeTrails', 'TrailARN');
  const parsed = parseArn(arn);
  if (parsed === undefined)
    throw new IncompleteAnswer(`DescribeTrails answered a trail ARN that is not an ARN: ${arn}`);
  const flag = (value: boolean | undefined, member: string) => required(value, 'DescribeTrails', member);
  return {
    arn,
    name: required(trail.Name, 'DescribeTrails', 'Name'),
    homeRegion: required(trail.HomeRegion, 'DescribeTrails', 'HomeRegion'),
    ownerAccountId: parsed.account,
    isMultiRegion: flag(trail.IsMultiRegionTrail, 'IsMultiRegionTrail'),
    isOrganizationTrail: flag(trail.IsOrganizationTrail, 'IsOrganizationTrail'),
    includeGlobalServiceEvents: flag(trail.IncludeGlobalServiceEvents, 'IncludeGlobalServiceEvents'),
    logFileValidationEnabled: flag(trail.LogFileValidationEnabled, 'LogFileValidationEnabled'),
    hasCustomEventSelectors: trail.HasCustomEventSelectors === true,
    hasInsightSelectors: trail.HasInsightSelectors === true,
    ...definedMembers({
      s3BucketName: trail.S3BucketName,
      s3KeyPrefix: trail.S3KeyPrefix,
      snsTopicArn: trail.SnsTopicARN,
      kmsKeyId: trail.KmsKeyId,
      cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn,
      cloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn,
    }),
  };
}

function normalizeStatus(status: GetTrailStatusCommandOutput): TrailStatus {
  return {
    isLogging: required(status.IsLogging, 'GetTrailStatus', 'IsLogging'),
    ...definedMembers({
      latestDeliveryTime: status.LatestDeliveryTime?.toISOString(),
      latestDeliveryError: status.LatestDeliveryError,
      latestDigestDeliveryError: status.LatestDigestDeliveryError,
      latestCloudWatchLogsDeliveryTime: status.LatestCloudWatchLogsDeliveryTime?.toISOString(),
      latestCloudWatchLogsDeliveryError: status.LatestCloudWatchLogsDeliveryError,
      latestNotificationError: status.LatestNotificationError,
    }),
  };
}

function normalizeFieldSelector(selector: AdvancedFieldSelector): FieldSelector {
  const operators = {
    equals: selector.Equals,
    notEquals: selector.NotEquals,
    startsWith: selector.StartsWith,
    notStartsWith: selector.NotStartsWith,
    endsWith: selector.EndsWith,
    notEndsWith: selector.NotEndsWith,
  };
  return {
    field: required(selector.Field, 'GetEventSelectors', 'Field'),
    ...Object.fromEntries(Object.entries(operators).filter(([, v]) => v !== undefined && v.length > 0)),
  };
}

/** The selectors; an answer naming no trail, or a basic selector without its read/write type, is incomplete. */
function normalizeSelectors(answer: GetEventSelectorsCommandOutput): TrailSelectors {
  required(answer.TrailARN, 'GetEventSelectors', 'TrailARN');
  const member = <T>(value: T | undefined, name: string) => required(value, 'GetEventSelectors', name);
  return {
    eventSelectors: (answer.EventSelectors ?? []).map((s) => ({
      readWriteType: member(s.ReadWriteType, 'ReadWriteType'),
      includeManagementEvents: member(s.IncludeManagementEvents, 'IncludeManagementEvents'),
      excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
      dataResources: (s.DataResources ?? []).map((d) => ({ type: member(d.Type, 'Type'), values: d.Values ?? [] })),
    })),
    advancedEventSelectors: (answer.AdvancedEventSelectors ?? []).map((s) => ({
      ...(s.Name === undefined ? {} : { name: s.Name }),
      fieldSelectors: member(s.FieldSelectors, 'FieldSelectors').map(normalizeFieldSelector),
    })),
  };
}

/** Tags and Insights are configuration: only the account's own trails can be asked for them. */
const ownTrail = (trail: Trail, account: { id: string }) => trail.ownerAccountId === account.id;

export const trailKind = listedKind<Trail>({
  name: 'trail',
  field: 'trails',
  key: (trail) => trail.arn,
  home: (trail) => trail.homeRegion,
  listing: {
    slice: 'trails',
    field: 'trailLists',
    operation: OPERATIONS.cloudtrail.DescribeTrails,
    async list({ caller }, region) {
      const { DescribeTrailsCommand } = await cloudtrailSdk();
      return caller.call(OPERATIONS.cloudtrail.DescribeTrails, region, async (cloudtrail, abortSignal) => {
        const answer = await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }), { abortSignal });
        return required(answer.trailList, 'DescribeTrails', 'trailList').map(normalizeTrail);
      });
    },
  },
  reads: [
    {
      slice: 'trailStatus',
      field: 'status',
      operation: OPERATIONS.cloudtrail.GetTrailStatus,
      // Whether a Region is recorded (CloudTrail.3) needs a Region's own trail only when no multi-Region trail
      // listed there is logging; the other controls judge multi-Region trails only.
      alsoFor: {
        slice: 'loggingCoverage',
        afterListed: { field: 'status', leads: (trail) => trail.isMultiRegion },
        appliesTo: (trail, account, _, listedWith) => !trailStatusLeftUnread(trail, listedWith, account.id),
      },
      async run({ caller }, trail, region) {
        const { GetTrailStatusCommand } = await cloudtrailSdk();
        return caller.call(
          OPERATIONS.cloudtrail.GetTrailStatus,
          region,
          async (cloudtrail, abortSignal) =>
            normalizeStatus(await cloudtrail.send(new GetTrailStatusCommand({ Name: trail.arn }), { abortSignal })),
          { resource: trail.arn },
        );
      },
    },
    {
      slice: 'eventSelectors',
      field: 'selectors',
      operation: OPERATIONS.cloudtrail.GetEventSelectors,
      // Another account's trail (an organization trail seen from a member): AWS refuses with
      // CloudTrailARNInvalidException, every time. A call known to fail is not made.
      appliesTo: ownTrail,
      // The controls judge the selectors of the trails that record every Region (CloudTrail.1, S3.22, S3.23,
      // CloudWatch.5): a Region's own trail is not read for them.
      alsoFor: {
        slice: 'multiRegionEventSelectors',
        appliesTo: (trail, account) => ownTrail(trail, account) && trail.isMultiRegion,
      },
      async run({ caller }, trail, region) {
        const { GetEventSelectorsCommand } = await cloudtrailSdk();
        return caller.call(
          OPERATIONS.cloudtrail.GetEventSelectors,
          region,
          async (cloudtrail, abortSignal) =>
            normalizeSelectors(
              await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: trail.arn }), { abortSignal }),
            ),
          { resource: trail.arn },
        );
      },
    },
    {
      slice: 'insightSelectors',
      field: 'insightSelectors',
      operation: OPERATIONS.cloudtrail.GetInsightSelectors,
      // Insights is judged on the trails that see every Region (CONTROLS.md): a Region's own trail is not.
      appliesTo: (trail, account) => ownTrail(trail, account) && trail.isMultiRegion,
      async run({ caller }, trail, region) {
        const { GetInsightSelectorsCommand } = await cloudtrailSdk();
        return caller.call(
          OPERATIONS.cloudtrail.GetInsightSelectors,
          region,
          async (cloudtrail, abortSignal) => {
            const answer = await orAbsent(
              cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: trail.arn }), { abortSignal }),
              'InsightNotEnabledException',
            );
            if (answer === null) return [];
            required(answer.TrailARN, 'GetInsightSelectors', 'TrailARN');
            return (answer.InsightSelectors ?? []).flatMap((s) => (s.InsightType === undefined ? [] : [s.InsightType]));
          },
          { resource: trail.arn },
        );
      },
    },
    {
      slice: 'trailTags',
      field: 'tags',
      operation: OPERATIONS.cloudtrail.ListTags,
      appliesTo: ownTrail,
      batchSize: 20,
      async runBatch({ caller }, trails, region) {
        const { ListTagsCommand } = await cloudtrailSdk();
        const arns = trails.map((t) => t.arn);
        const answer = await caller.call(OPERATIONS.cloudtrail.ListTags, region, async (cloudtrail, abortSignal) => {
          const listed = await cloudtrail.send(new ListTagsCommand({ ResourceIdList: arns }), { abortSignal });
          const byArn = new Map(
            required(listed.ResourceTagList, 'ListTags', 'ResourceTagList').map((r) => [
              r.ResourceId,
              Object.fromEntries(
                (r.TagsList ?? []).map((tag) => [required(tag.Key, 'ListTags', 'Key'), tag.Value ?? '']),
              ),
            ]),
          );
          return arns.map((arn) => {
            const tags = byArn.get(arn);
            if (tags === undefined) throw new IncompleteAnswer(`ListTags answered without the tags of ${arn}`);
            return tags;
          });
        });
        if (answer.ok) return answer.value.map((tags) => ({ ok: true, value: tags }));
        // One failed call, reported for each trail it was about.
        return arns.map((resource) => ({ ok: false, error: { ...answer.error, resource } }));
      },
    },
  ],
});
