/** EC2 over the EC2 query protocol: DescribeRegions. */
import { SERVICES } from '../../aws/catalogue.js';
import { ec2Reply, formParameters, renderEc2Error, unknownAction } from '../protocols/query.js';
import { el } from '../protocols/xml.js';
import { AwsError, type CallContext, type Reply, type SandboxService } from '../service.js';

const NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** `Name.1=a&Name.2=b` → [a, b]: how the EC2 query protocol flattens lists. */
function numbered(parameters: URLSearchParams, prefix: string): string[] {
  const values: string[] = [];
  for (let i = 1; parameters.has(`${prefix}.${i}`); i++) values.push(parameters.get(`${prefix}.${i}`) ?? '');
  return values;
}

/** The filters DescribeRegions supports, by name; the sandbox serves these two. */
const FILTER_FIELDS = { 'region-name': 'name', 'opt-in-status': 'status' } as const;

function describeRegions(parameters: URLSearchParams, { world, account, requestId }: CallContext): Reply {
  const all = parameters.get('AllRegions') === 'true';
  const names = numbered(parameters, 'RegionName');
  let regions = world.regions(account).filter((r) => all || r.status !== 'not-opted-in');
  for (const name of names) {
    if (!regions.some((r) => r.name === name))
      throw new AwsError(400, 'InvalidParameterValue', `Invalid region: ${name}`);
  }
  if (names.length > 0) regions = regions.filter((r) => names.includes(r.name));
  for (let i = 1; parameters.has(`Filter.${i}.Name`); i++) {
    const filter = parameters.get(`Filter.${i}.Name`) ?? '';
    if (!(filter in FILTER_FIELDS))
      throw new AwsError(400, 'InvalidParameterValue', `The filter '${filter}' is invalid`);
    const field = FILTER_FIELDS[filter as keyof typeof FILTER_FIELDS];
    const values = numbered(parameters, `Filter.${i}.Value`);
    regions = regions.filter((r) => values.includes(r[field]));
  }
  const items = regions.map((r) =>
    el('item', [
      el('regionName', r.name),
      el('regionEndpoint', `ec2.${r.name}.amazonaws.com`),
      el('optInStatus', r.status),
    ]),
  );
  return ec2Reply('DescribeRegions', NAMESPACE, [el('regionInfo', items)], requestId);
}

export const ec2: SandboxService = {
  spec: SERVICES.ec2,
  operations: ['DescribeRegions'],
  errors: {
    invalidCredentials: () =>
      new AwsError(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials'),
    missingAuthentication: () =>
      new AwsError(
        401,
        'MissingAuthenticationToken',
        'The request must contain either a valid (registered) AWS access key ID or X.509 certificate.',
      ),
    // EC2 answers a wrong signature as it answers an unknown key.
    signatureMismatch: () =>
      new AwsError(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials'),
    throttling: () => new AwsError(503, 'RequestLimitExceeded', 'Request limit exceeded.'),
    accessDenied: (arn, operation) =>
      new AwsError(
        403,
        'UnauthorizedOperation',
        `You are not authorized to perform this operation. User: ${arn} is not authorized to perform: ec2:${operation} because no identity-based policy allows the ec2:${operation} action`,
      ),
    serverError: (status) =>
      status === 500
        ? new AwsError(500, 'InternalError', 'An internal error has occurred.')
        : new AwsError(503, 'Unavailable', "The server is overloaded and can't handle the request."),
  },
  route(call) {
    const parameters = formParameters(call);
    if (parameters.get('Action') !== 'DescribeRegions') return unknownAction(parameters);
    return { operation: 'DescribeRegions', resources: [], run: (context) => describeRegions(parameters, context) };
  },
  renderError: renderEc2Error,
};
