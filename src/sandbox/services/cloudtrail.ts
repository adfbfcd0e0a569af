/**
 * CloudTrail over AWS JSON 1.1: DescribeTrails, GetTrailStatus, GetEventSelectors, ListTags,
 * GetInsightSelectors and ListPublicKeys, with the visibility and home-Region rules the collectors depend on.
 */
import { SERVICES } from '../../aws/catalogue.js';
import * as z from 'zod';
import { jsonOperation, jsonReply, jsonService } from '../protocols/json.js';
import { AwsError, type CallContext, type Reply } from '../service.js';
import type { Instant } from '../scenario.js';
import { resolveInstant, stableId, trailArn, type WorldTrail } from '../world.js';

const arnInvalid = (message: string) => new AwsError(400, 'CloudTrailARNInvalidException', message);

/**
 * Per-trail calls resolve only in the trail's home Region, as AWS does:
 * - a name means "my trail of that name homed in this Region", else TrailNotFoundException naming the ARN
 *   AWS built from it;
 * - an ARN of another Region or another account is CloudTrailARNInvalidException, with AWS's messages;
 * - except that a member account may read the status of its organization's trail by ARN (`status`);
 *   for its configuration (selectors, tags, insights) AWS answers the AccountID error, as users of
 *   GetEventSelectors and ListTags on organization trails have reported it.
 */
function resolveTrail(
  nameOrArn: string,
  use: 'status' | 'configuration',
  { world, account, region }: CallContext,
): WorldTrail {
  const unknown = (what: string) =>
    new AwsError(400, 'TrailNotFoundException', `Unknown trail: ${what} for the user: ${account.accountId}`);
  if (!nameOrArn.startsWith('arn:')) {
    const arn = trailArn(region, account.accountId, nameOrArn);
    const trail = world.trailByArn(arn);
    if (trail === undefined) throw unknown(arn);
    return trail;
  }
  const parsed = /^arn:aws:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/.exec(nameOrArn);
  if (parsed === null) {
    // The message of a malformed ARN is not documented; this one follows the exception's description.
    throw arnInvalid(
      `Invalid ARN: ${nameOrArn}. The format of a trail ARN is arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail`,
    );
  }
  if (parsed[1] !== region)
    throw arnInvalid(`Region in ARN is wrong, you can only access resources in region ${region}.`);
  const trail = world.trailByArn(nameOrArn);
  const sharedWithMe = trail !== undefined && trail.owner !== account && world.isOrganizationTrailOf(trail, account);
  if (parsed[2] !== account.accountId && !(use === 'status' && sharedWithMe)) {
    throw arnInvalid(`AccountID in ARN is wrong, you can only access resources with AccountID ${account.accountId}.`);
  }
  if (trail === undefined || (trail.owner !== account && !sharedWithMe)) throw unknown(nameOrArn);
  return trail;
}

function describeTrail({ config, arn }: WorldTrail) {
  return {
    Name: config.name,
    S3BucketName: config.s3BucketName,
    S3KeyPrefix: config.s3KeyPrefix,
    SnsTopicName: config.snsTopicArn?.split(':').at(-1),
    SnsTopicARN: config.snsTopicArn,
    IncludeGlobalServiceEvents: config.includeGlobalServiceEvents,
    IsMultiRegionTrail: config.multiRegion,
    HomeRegion: config.homeRegion,
    TrailARN: arn,
    LogFileValidationEnabled: config.logFileValidation,
    CloudWatchLogsLogGroupArn: config.cloudWatchLogs?.logGroupArn,
    CloudWatchLogsRoleArn: config.cloudWatchLogs?.roleArn,
    KmsKeyId: config.kmsKeyId,
    HasCustomEventSelectors: config.eventSelectors !== undefined || config.advancedEventSelectors !== undefined,
    HasInsightSelectors: (config.insightSelectors ?? []).length > 0,
    IsOrganizationTrail: config.organization,
  };
}

function describeTrails(
  input: { trailNameList?: string[] | undefined; includeShadowTrails?: boolean | undefined },
  context: CallContext,
): Reply {
  const { world, account, region, requestId } = context;
  const names = input.trailNameList ?? [];
  const includeShadowTrails = input.includeShadowTrails ?? true;
  // A name means this account's trail homed here; an ARN reaches any trail the account can see.
  const named = (n: string) => world.trailByArn(n.startsWith('arn:') ? n : trailArn(region, account.accountId, n));
  const trails =
    names.length === 0
      ? world.trailsVisibleIn(account, region, includeShadowTrails)
      : [...new Set(names.map(named))].filter(
          (t): t is WorldTrail => t !== undefined && (t.owner === account || world.isOrganizationTrailOf(t, account)),
        );
  return jsonReply({ trailList: trails.map(describeTrail) }, requestId);
}

function getTrailStatus({ Name }: { Name: string }, context: CallContext): Reply {
  const { config } = resolveTrail(Name, 'status', context);
  const { status } = config;
  const at = (instant: Instant | undefined) =>
    instant === undefined ? undefined : resolveInstant(instant, context.now);
  const seconds = (instant: Instant | undefined) => {
    const time = at(instant);
    return time === undefined ? undefined : time.getTime() / 1000;
  };
  // Omitted times follow the logging state: a logging trail delivered minutes ago, a stopped one when it stopped.
  const stoppedAt = status.stopLoggingTime ?? '7d';
  const stopped = config.logging ? status.stopLoggingTime : stoppedAt;
  const lastActive: Instant = config.logging ? '5m' : stoppedAt;
  const started = status.startLoggingTime ?? '30d';
  const delivered = status.latestDeliveryTime ?? lastActive;
  return jsonReply(
    {
      IsLogging: config.logging,
      LatestDeliveryError: status.latestDeliveryError,
      LatestDeliveryTime: seconds(delivered),
      LatestDigestDeliveryTime: seconds(
        status.latestDigestDeliveryTime ?? (config.logFileValidation ? lastActive : undefined),
      ),
      LatestCloudWatchLogsDeliveryTime: seconds(
        status.latestCloudWatchLogsDeliveryTime ?? (config.cloudWatchLogs === undefined ? undefined : lastActive),
      ),
      LatestCloudWatchLogsDeliveryError: status.latestCloudWatchLogsDeliveryError,
      LatestDigestDeliveryError: status.latestDigestDeliveryError,
      LatestNotificationError: status.latestNotificationError,
      StartLoggingTime: seconds(started),
      StopLoggingTime: seconds(stopped),
      // Legacy string members AWS still sends alongside the timestamps.
      TimeLoggingStarted: at(started)?.toISOString() ?? '',
      TimeLoggingStopped: at(stopped)?.toISOString() ?? '',
      LatestDeliveryAttemptTime: at(delivered)?.toISOString() ?? '',
      LatestDeliveryAttemptSucceeded:
        status.latestDeliveryError === undefined ? (at(delivered)?.toISOString() ?? '') : '',
      LatestNotificationAttemptTime: '',
      LatestNotificationAttemptSucceeded: '',
    },
    context.requestId,
  );
}

/** What GetEventSelectors answers for a trail nobody configured: all management events, no data events. */
const DEFAULT_SELECTOR = {
  readWriteType: 'All',
  includeManagementEvents: true,
  excludeManagementEventSources: [],
  dataResources: [],
} as const;

function getEventSelectors({ TrailName }: { TrailName: string }, context: CallContext): Reply {
  const { config, arn } = resolveTrail(TrailName, 'configuration', context);
  if (config.advancedEventSelectors !== undefined) {
    const advanced = config.advancedEventSelectors.map((s) => ({
      Name: s.name,
      FieldSelectors: s.fieldSelectors.map((f) => ({
        Field: f.field,
        Equals: f.equals,
        NotEquals: f.notEquals,
        StartsWith: f.startsWith,
        NotStartsWith: f.notStartsWith,
        EndsWith: f.endsWith,
        NotEndsWith: f.notEndsWith,
      })),
    }));
    return jsonReply({ TrailARN: arn, AdvancedEventSelectors: advanced }, context.requestId);
  }
  const basic = (config.eventSelectors ?? [DEFAULT_SELECTOR]).map((s) => ({
    ReadWriteType: s.readWriteType,
    IncludeManagementEvents: s.includeManagementEvents,
    DataResources: s.dataResources.map((d) => ({ Type: d.type, Values: d.values })),
    ExcludeManagementEventSources: s.excludeManagementEventSources,
  }));
  return jsonReply({ TrailARN: arn, EventSelectors: basic }, context.requestId);
}

function getInsightSelectors({ TrailName }: { TrailName: string }, context: CallContext): Reply {
  const { config, arn } = resolveTrail(TrailName, 'configuration', context);
  const insights = config.insightSelectors ?? [];
  if (insights.length === 0) {
    // The exception is documented; its message is not, so this one is descriptive.
    throw new AwsError(400, 'InsightNotEnabledException', `Trail ${config.name} does not have Insights enabled.`);
  }
  return jsonReply(
    { TrailARN: arn, InsightSelectors: insights.map((InsightType) => ({ InsightType })) },
    context.requestId,
  );
}

/** ListTags takes up to 20 ARNs, all of this account and Region. */
function listTags({ ResourceIdList }: { ResourceIdList: string[] }, context: CallContext): Reply {
  if (ResourceIdList.length > 20) {
    throw new AwsError(400, 'InvalidParameterException', 'ResourceIdList must contain at most 20 ARNs.');
  }
  const tagged = ResourceIdList.map((arn) => {
    if (!arn.startsWith('arn:')) throw arnInvalid(`Invalid ARN: ${arn}`);
    const trail = resolveTrail(arn, 'configuration', context);
    return { ResourceId: arn, TagsList: Object.entries(trail.config.tags).map(([Key, Value]) => ({ Key, Value })) };
  });
  return jsonReply({ ResourceTagList: tagged }, context.requestId);
}

/**
 * The Region's public keys whose validity overlaps the requested period; the current key when no period
 * is given. Each Region has its own key, as CloudTrail's do.
 */
function listPublicKeys(
  { StartTime, EndTime }: { StartTime?: number | undefined; EndTime?: number | undefined },
  context: CallContext,
): Reply {
  const { world, region, now } = context;
  const validity = world.keyValidity();
  const start = StartTime === undefined ? now : new Date(StartTime * 1000);
  const end = EndTime === undefined ? now : new Date(EndTime * 1000);
  if (start > end) throw new AwsError(400, 'InvalidTimeRangeException', 'Start time must be before end time.');
  const overlaps = start <= validity.end && end >= validity.start;
  const key = world.signingKey(region);
  return jsonReply(
    {
      PublicKeyList: overlaps
        ? [
            {
              Value: key.publicKeyDer.toString('base64'),
              ValidityStartTime: validity.start.getTime() / 1000,
              ValidityEndTime: validity.end.getTime() / 1000,
              Fingerprint: key.fingerprint,
            },
          ]
        : [],
    },
    context.requestId,
  );
}

type DataStore = CallContext['account']['eventDataStores'][number];

const dataStoreArn = (context: CallContext, store: DataStore) =>
  `arn:aws:cloudtrail:${store.region}:${context.account.accountId}:eventdatastore/${stableId(`eds:${store.name}`, 36, 'hex')}`;

function describeDataStore(context: CallContext, store: DataStore) {
  return {
    EventDataStoreArn: dataStoreArn(context, store),
    Name: store.name,
    Status: 'ENABLED',
    MultiRegionEnabled: store.multiRegion,
    OrganizationEnabled: store.organization,
    RetentionPeriod: 2557,
    TerminationProtectionEnabled: true,
  };
}

function listEventDataStores(_input: unknown, context: CallContext): Reply {
  const stores = context.account.eventDataStores.filter((s) => s.region === context.region);
  return jsonReply({ EventDataStores: stores.map((s) => describeDataStore(context, s)) }, context.requestId);
}

function getEventDataStore({ EventDataStore }: { EventDataStore: string }, context: CallContext): Reply {
  const store = context.account.eventDataStores.find(
    (s) => s.region === context.region && (dataStoreArn(context, s) === EventDataStore || s.name === EventDataStore),
  );
  if (store === undefined) {
    throw new AwsError(
      400,
      'EventDataStoreNotFoundException',
      `The specified event data store ${EventDataStore} was not found.`,
    );
  }
  return jsonReply(
    { ...describeDataStore(context, store), ...(store.kmsKeyId === undefined ? {} : { KmsKeyId: store.kmsKeyId }) },
    context.requestId,
  );
}

const LOOKUP_PAGE = 50;

/** LookupEvents by EventName, newest first, paginated by position. */
function lookupEvents(
  input: {
    LookupAttributes?: { AttributeKey: string; AttributeValue: string }[] | undefined;
    StartTime?: number | undefined;
    EndTime?: number | undefined;
    MaxResults?: number | undefined;
    NextToken?: string | undefined;
  },
  context: CallContext,
): Reply {
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1)
    throw new AwsError(400, 'InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  const eventName = attributes[0]?.AttributeKey === 'EventName' ? attributes[0].AttributeValue : undefined;
  const from = (input.StartTime ?? 0) * 1000;
  const to = (input.EndTime ?? context.now.getTime() / 1000) * 1000;
  const matching = context.account.history
    .filter((e) => e.region === context.region && (eventName === undefined || e.eventName === eventName))
    // CloudTrail records event times in whole seconds: events in the same second cannot be ordered.
    .map((e) => ({ event: e, at: Math.floor(resolveInstant(e.time, context.now).getTime() / 1000) * 1000 }))
    .filter(({ at }) => at >= from && at <= to)
    .sort((a, b) => b.at - a.at);
  const size = Math.min(input.MaxResults ?? LOOKUP_PAGE, LOOKUP_PAGE);
  const start = Number(input.NextToken ?? '0');
  const page = matching.slice(start, start + size);
  const next = start + size < matching.length ? String(start + size) : undefined;
  return jsonReply(
    {
      Events: page.map(({ event, at }, i) => ({
        EventId: stableId(`${event.eventName}:${at}:${start + i}`, 36, 'hex'),
        EventName: event.eventName,
        ReadOnly: 'false',
        EventTime: at / 1000,
        EventSource: 'cloudtrail.amazonaws.com',
        Username: event.userName,
        Resources: [{ ResourceType: 'AWS::CloudTrail::Trail', ResourceName: event.resourceName }],
        CloudTrailEvent: JSON.stringify({
          eventVersion: '1.09',
          eventName: event.eventName,
          eventTime: new Date(at).toISOString().replace('.000Z', 'Z'),
          sourceIPAddress: event.sourceIpAddress,
          userAgent: event.userAgent,
          userIdentity: { type: 'IAMUser', userName: event.userName },
          requestParameters: { name: event.resourceName },
        }),
      })),
      ...(next === undefined ? {} : { NextToken: next }),
    },
    context.requestId,
  );
}

export const cloudtrail = jsonService(SERVICES.cloudtrail, {
  ListEventDataStores: jsonOperation(
    z.object({ NextToken: z.string().optional(), MaxResults: z.number().optional() }),
    () => [],
    listEventDataStores,
  ),
  GetEventDataStore: jsonOperation(
    z.object({ EventDataStore: z.string() }),
    (input) => [input.EventDataStore],
    getEventDataStore,
  ),
  LookupEvents: jsonOperation(
    z
      .object({
        LookupAttributes: z.array(z.object({ AttributeKey: z.string(), AttributeValue: z.string() })).optional(),
        StartTime: z.number().optional(),
        EndTime: z.number().optional(),
        MaxResults: z.number().optional(),
        NextToken: z.string().optional(),
      })
      .loose(),
    () => [],
    lookupEvents,
  ),
  DescribeTrails: jsonOperation(
    z.object({ trailNameList: z.array(z.string()).optional(), includeShadowTrails: z.boolean().optional() }),
    (input) => input.trailNameList ?? [],
    describeTrails,
  ),
  GetTrailStatus: jsonOperation(z.object({ Name: z.string() }), (input) => [input.Name], getTrailStatus),
  GetEventSelectors: jsonOperation(
    z.object({ TrailName: z.string() }),
    (input) => [input.TrailName],
    getEventSelectors,
  ),
  GetInsightSelectors: jsonOperation(
    z.object({ TrailName: z.string() }),
    (input) => [input.TrailName],
    getInsightSelectors,
  ),
  ListTags: jsonOperation(z.object({ ResourceIdList: z.array(z.string()) }), (input) => input.ResourceIdList, listTags),
  ListPublicKeys: jsonOperation(
    z.object({ StartTime: z.number().optional(), EndTime: z.number().optional(), NextToken: z.string().optional() }),
    () => [],
    listPublicKeys,
  ),
});
