/**
 * CloudTrail reads, normalised into the inventory's SDK-independent shapes. Per-trail calls always take
 * the trail ARN and go to the trail's home Region: elsewhere AWS answers TrailNotFound or ARN errors.
 */
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type AdvancedFieldSelector,
  type GetEventSelectorsCommandOutput,
  type GetTrailStatusCommandOutput,
  type Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import type { Envelope, FieldSelector, Trail, TrailSelectors, TrailStatus } from '../../model/inventory.js';
import { IncompleteAnswer, type AwsCaller } from '../caller.js';
import { OPERATIONS } from '../operations.js';
import { parseArn } from '../regions.js';

/** DescribeTrails in one Region: its own trails plus shadows of multi-Region and organization trails. */
export async function describeTrails(caller: AwsCaller, region: string): Promise<Envelope<Trail[]>> {
  const answer = await caller.call(OPERATIONS.describeTrails, region, (cloudtrail, abortSignal) =>
    cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }), { abortSignal }),
  );
  if (!answer.ok) return answer;
  return { ok: true, value: (answer.value.trailList ?? []).flatMap((t) => normalizeTrail(t) ?? []) };
}

function normalizeTrail(trail: SdkTrail): Trail | undefined {
  const arn = trail.TrailARN;
  const parsed = arn === undefined ? undefined : parseArn(arn);
  if (arn === undefined || parsed === undefined) return undefined;
  const optional = {
    s3BucketName: trail.S3BucketName,
    s3KeyPrefix: trail.S3KeyPrefix,
    snsTopicArn: trail.SnsTopicARN,
    kmsKeyId: trail.KmsKeyId,
    cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn,
    cloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn,
  };
  return {
    arn,
    name: trail.Name ?? parsed.resource.replace(/^trail\//, ''),
    homeRegion: trail.HomeRegion ?? parsed.region,
    ownerAccountId: parsed.account,
    isMultiRegion: trail.IsMultiRegionTrail === true,
    isOrganizationTrail: trail.IsOrganizationTrail === true,
    includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents === true,
    logFileValidationEnabled: trail.LogFileValidationEnabled === true,
    hasCustomEventSelectors: trail.HasCustomEventSelectors === true,
    hasInsightSelectors: trail.HasInsightSelectors === true,
    // Empty strings mean "not set": keep them out rather than pass them on as values.
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== '')),
  };
}

export async function getTrailStatus(caller: AwsCaller, trail: Trail): Promise<Envelope<TrailStatus>> {
  const answer = await caller.call(
    OPERATIONS.getTrailStatus,
    trail.homeRegion,
    async (cloudtrail, abortSignal) => {
      const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: trail.arn }), { abortSignal });
      if (status.IsLogging === undefined) throw new IncompleteAnswer('GetTrailStatus answered without IsLogging');
      return normalizeStatus(status, status.IsLogging);
    },
    { resource: trail.arn },
  );
  return answer;
}

function normalizeStatus(status: GetTrailStatusCommandOutput, isLogging: boolean): TrailStatus {
  const optional = {
    latestDeliveryError: status.LatestDeliveryError,
    latestCloudWatchLogsDeliveryTime: status.LatestCloudWatchLogsDeliveryTime?.toISOString(),
    latestCloudWatchLogsDeliveryError: status.LatestCloudWatchLogsDeliveryError,
  };
  return {
    isLogging,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== '')),
  };
}

export async function getEventSelectors(caller: AwsCaller, trail: Trail): Promise<Envelope<TrailSelectors>> {
  return caller.call(
    OPERATIONS.getEventSelectors,
    trail.homeRegion,
    async (cloudtrail, abortSignal) =>
      normalizeSelectors(
        await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: trail.arn }), { abortSignal }),
      ),
    { resource: trail.arn },
  );
}

function incomplete(field: string): never {
  throw new IncompleteAnswer(`GetEventSelectors answered a selector without ${field}`);
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
    field: selector.Field ?? '',
    ...Object.fromEntries(Object.entries(operators).filter(([, v]) => v !== undefined && v.length > 0)),
  };
}

/** The selectors; a basic selector without its read/write type or management flag is an incomplete answer. */
function normalizeSelectors(answer: GetEventSelectorsCommandOutput): TrailSelectors {
  return {
    eventSelectors: (answer.EventSelectors ?? []).map((s) => ({
      readWriteType: s.ReadWriteType ?? incomplete('ReadWriteType'),
      includeManagementEvents: s.IncludeManagementEvents ?? incomplete('IncludeManagementEvents'),
      excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
      dataResources: (s.DataResources ?? []).map((d) => ({ type: d.Type ?? '', values: d.Values ?? [] })),
    })),
    advancedEventSelectors: (answer.AdvancedEventSelectors ?? []).map((s) => ({
      ...(s.Name === undefined ? {} : { name: s.Name }),
      fieldSelectors: (s.FieldSelectors ?? []).map(normalizeFieldSelector),
    })),
  };
}
