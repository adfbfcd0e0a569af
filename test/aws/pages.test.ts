/** Paginated listings: every page's items in order, and a failed or empty-handed page decides the listing. */
import { describe, expect, it } from 'vitest';
import { allPages, type Page } from '../../src/aws/caller.js';
import type { CollectionError, Envelope } from '../../src/model/inventory.js';

const refused: CollectionError = {
  operation: 'cloudtrail:ListEventDataStores',
  region: 'us-east-1',
  code: 'AccessDeniedException',
  message: 'denied',
};

/** Pages served from a table by token; records the tokens asked for. */
function pages<P>(table: Record<string, Envelope<P>>) {
  const asked: (string | undefined)[] = [];
  const fetchPage = (token: string | undefined) => {
    asked.push(token);
    const page = table[token ?? ''];
    if (page === undefined) throw new Error(`no page for token ${String(token)}`);
    return Promise.resolve(page);
  };
  return { asked, fetchPage };
}

const page = <T>(items: T[], next?: string): Envelope<Page<T>> => ({ ok: true, value: { items, next } });

describe('allPages', () => {
  it('follows the tokens and keeps every item in order', async () => {
    const { asked, fetchPage } = pages({ '': page([1, 2], 'b'), b: page([3], 'c'), c: page([4]) });
    expect(await allPages(fetchPage)).toEqual({ ok: true, value: [1, 2, 3, 4] });
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('stops at an empty token, which some services send on the last page', async () => {
    const { asked, fetchPage } = pages({ '': page(['a'], '') });
    expect(await allPages(fetchPage)).toEqual({ ok: true, value: ['a'] });
    expect(asked).toEqual([undefined]);
  });

  it('a failed page is the answer, not the items read before it', async () => {
    const { fetchPage } = pages<Page<number>>({ '': page([1], 'b'), b: { ok: false, error: refused } });
    expect(await allPages(fetchPage)).toEqual({ ok: false, error: refused });
  });

  it('a null page (the listed thing does not exist) makes the listing null', async () => {
    const { fetchPage } = pages<Page<number> | null>({ '': page([1], 'b'), b: { ok: true, value: null } });
    expect(await allPages(fetchPage)).toEqual({ ok: true, value: null });
  });
});
