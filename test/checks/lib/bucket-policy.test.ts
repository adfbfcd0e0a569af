import { describe, expect, it } from 'vitest';
import { analyzeBucketPolicy } from '../../../checks/lib/bucket-policy.js';

const policy = (...statements: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const isPublic = (statement: Record<string, unknown>) =>
  analyzeBucketPolicy(policy(statement)).publicStatements.length > 0;

describe('analyzeBucketPolicy', () => {
  it.each([
    ['Principal "*"', { ...allow, Principal: '*' }, true],
    ['Principal {"AWS": "*"}', { ...allow, Principal: { AWS: '*' } }, true],
    [
      'Principal {"AWS": ["arn:…", "*"]}',
      { ...allow, Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } },
      true,
    ],
    ['NotPrincipal with Allow', { ...allow, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }, true],
    ['a named account', { ...allow, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, false],
    ['a service principal', { ...allow, Principal: { Service: 'cloudtrail.amazonaws.com' } }, false],
    ['Deny to "*"', { ...allow, Effect: 'Deny', Principal: '*' }, false],
    [
      '"*" with a fixed aws:SourceArn',
      {
        ...allow,
        Principal: '*',
        Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' } },
      },
      false,
    ],
    [
      '"*" with a fixed aws:SourceAccount',
      { ...allow, Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } },
      false,
    ],
    [
      '"*" with aws:PrincipalOrgID',
      { ...allow, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } },
      false,
    ],
    [
      '"*" with a VPC endpoint',
      { ...allow, Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } },
      false,
    ],
    [
      '"*" with a private network',
      { ...allow, Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
      false,
    ],
    [
      '"*" with the whole Internet as network',
      { ...allow, Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
      true,
    ],
    [
      '"*" with a wildcard SourceArn',
      { ...allow, Principal: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*' } } },
      true,
    ],
    [
      '"*" with a policy variable',
      { ...allow, Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } } },
      true,
    ],
    [
      '"*" with a negated condition',
      { ...allow, Principal: '*', Condition: { StringNotEquals: { 'aws:SourceAccount': '111122223333' } } },
      true,
    ],
    [
      '"*" with IfExists',
      { ...allow, Principal: '*', Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } } },
      true,
    ],
    [
      '"*" with ForAllValues',
      { ...allow, Principal: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } } },
      true,
    ],
    [
      '"*" with a non-restricting key',
      { ...allow, Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      true,
    ],
    [
      '"*" with a case-varied key',
      { ...allow, Principal: '*', Condition: { stringequals: { 'AWS:SOURCEACCOUNT': '111122223333' } } },
      false,
    ],
  ])('%s → public: %s', (_name, statement, expected) => {
    expect(isPublic(statement)).toBe(expected);
  });

  it('names the public statements', () => {
    const analysis = analyzeBucketPolicy(
      policy({ ...allow, Sid: 'Open', Principal: '*' }, { ...allow, Principal: { Service: 's3.amazonaws.com' } }),
    );
    expect(analysis).toEqual({
      unparseable: false,
      publicStatements: [{ sid: 'Open', effect: 'Allow', actions: ['s3:GetObject'] }],
    });
  });

  it('accepts a single statement object', () => {
    expect(
      analyzeBucketPolicy(JSON.stringify({ Statement: { ...allow, Principal: '*' } })).publicStatements,
    ).toHaveLength(1);
  });

  it('reports an unparseable document instead of calling it private', () => {
    expect(analyzeBucketPolicy('{not json')).toEqual({ unparseable: true, publicStatements: [] });
  });
});
