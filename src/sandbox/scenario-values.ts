/** Values every part of a scenario uses: Region names, account ids, instants. */
import * as z from 'zod';

export const regionName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a Region code such as us-east-1');
export const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit account id');

/** An absolute time, or an age before the moment of the request (so a world never goes stale). */
export const instant = z
  .union([z.iso.datetime({ offset: true }), z.string().regex(/^\d+[smhd]$/)])
  .describe('An ISO 8601 time, or an age before the request such as 90s, 15m, 6h or 3d');
