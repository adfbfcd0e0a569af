/**
 * Which statements of an S3 bucket policy grant access to anyone, following S3's "meaning of public":
 * an Allow to `*` (or `{"AWS": "*"}`, or via NotPrincipal) that no fixed-value condition on a
 * restricting key narrows. Used to explain a public verdict, and as the fallback when S3's own
 * `IsPublic` is absent. Deny statements and service principals are never public.
 */
import { asArray, namesEveryone, policyStatements, type Json } from './policy.js';

/** Condition keys whose fixed values limit a statement to known callers or networks. */
const RESTRICTING_KEYS = new Set(
  [
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:userid',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map((k) => k.toLowerCase()),
);

/** Operators that test equality (or a pattern, checked for wildcards separately) — not negations. */
const RESTRICTING_OPERATORS = new Set(
  ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress'].map((o) =>
    o.toLowerCase(),
  ),
);

const OPEN_NETWORKS = new Set(['0.0.0.0/0', '::/0']);

export interface PublicStatement {
  sid?: string;
  effect: 'Allow';
  actions: string[];
}

export interface PolicyAnalysis {
  /** The document could not be parsed; nothing can be said about it. */
  unparseable: boolean;
  publicStatements: PublicStatement[];
}

function isFixedValue(operator: string, value: Json): boolean {
  if (typeof value !== 'string') return typeof value === 'number' || typeof value === 'boolean';
  if (value.includes('${')) return false;
  if (operator.endsWith('like') && /[*?]/.test(value)) return false;
  if (operator === 'ipaddress' && OPEN_NETWORKS.has(value.trim())) return false;
  return true;
}

function isRestricted(condition: Json): boolean {
  if (condition === null || typeof condition !== 'object') return false;
  return Object.entries(condition as Record<string, Json>).some(([rawOperator, keys]) => {
    const operator = rawOperator.toLowerCase();
    // ForAllValues passes on an empty key set, and IfExists passes when the key is absent.
    if (operator.startsWith('forallvalues:') || operator.endsWith('ifexists')) return false;
    const plain = operator.replace(/^foranyvalue:/, '');
    if (!RESTRICTING_OPERATORS.has(plain) || keys === null || typeof keys !== 'object') return false;
    return Object.entries(keys as Record<string, Json>).some(([key, values]) => {
      const list = asArray(values);
      return RESTRICTING_KEYS.has(key.toLowerCase()) && list.length > 0 && list.every((v) => isFixedValue(plain, v));
    });
  });
}

export function analyzeBucketPolicy(document: string): PolicyAnalysis {
  const statements = policyStatements(document);
  if (statements === undefined) return { unparseable: true, publicStatements: [] };
  const publicStatements = statements
    .filter((s) => s.effect === 'Allow' && namesEveryone(s) && !isRestricted(s.raw['Condition']))
    .map(({ raw }): PublicStatement => {
      const sid = typeof raw['Sid'] === 'string' ? raw['Sid'] : undefined;
      const actions = asArray(raw['Action'] ?? raw['NotAction']).map(String);
      return sid === undefined ? { effect: 'Allow', actions } : { sid, effect: 'Allow', actions };
    });
  return { unparseable: false, publicStatements };
}
