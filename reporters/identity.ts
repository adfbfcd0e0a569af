/**
 * What identifies a finding across scans, for every format that de-duplicates or updates findings (SARIF
 * fingerprints, ASFF `Id`, OCSF `finding_info.uid`): the control and the resource, nothing that changes
 * between runs (no time, message, tool version or configuration). One key for all, so a finding can be
 * joined across the formats.
 */
import { createHash } from 'node:crypto';
import type { Result } from '../src/model/result.js';
import { occurrenceCounter } from './occurrences.js';

/** 16 hex digits of sha256(control | partition | account | Region | resource id). */
export function findingHash(result: Result): string {
  const { partition, accountId, region, id } = result.resource;
  return createHash('sha256')
    .update([result.checkId, partition, accountId, region, id].join('|'))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Gives each result of a report, in order, a readable and stable id:
 * `trailscan/<control>/<account>/<Region>/<hash>`, with `/<n>` for the n-th repeat of the same finding
 * (n > 1), should a check ever emit one twice.
 */
export function findingIdsInOrder(): (result: Result) => string {
  const occurrence = occurrenceCounter();
  return (result) => {
    const hash = findingHash(result);
    const n = occurrence(hash);
    const { accountId, region } = result.resource;
    return `trailscan/${result.checkId}/${accountId}/${region}/${hash}${n > 1 ? `/${n}` : ''}`;
  };
}
