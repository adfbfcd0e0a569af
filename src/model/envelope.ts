/** Collected values as envelopes: the value, or the error that prevented reading it — never a default. */
import * as z from 'zod';

export const collectionErrorSchema = z.object({
  operation: z.string().describe('The API operation that failed, e.g. cloudtrail:GetTrailStatus'),
  region: z.string(),
  code: z.string().describe('The AWS error code, e.g. AccessDeniedException, or TimeoutError'),
  message: z.string(),
  resource: z.string().optional().describe('The ARN or bucket name the call was about, when there is one'),
  accountId: z.string().optional().describe('The account the call was made in, in a report of several accounts'),
});
export type CollectionError = z.infer<typeof collectionErrorSchema>;

export function envelopeSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: collectionErrorSchema }),
  ]);
}
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: CollectionError };
