import { describe, expect, it } from 'vitest';
import type { QueryDeps } from '../../../shared/api/queries.ts';
import type { Route } from '../../../shared/api/routes.ts';
import { LOCAL_USER } from '../../../shared/auth/users.ts';
import { ResultTooLargeError } from '../../../shared/errors.ts';
import { EXPORT_MAX_BYTES, exportSizeChecked, wholeRows } from '../../../shared/lambda/http.ts';
import * as z from '../../../shared/schemas/zod.ts';

interface Page {
  items: { n: number }[];
  cursor?: string;
}

/** A list route over `total` numbered rows, served `size` at a time, counting its calls. */
function pagedRoute(total: number, size: number) {
  const calls: (string | undefined)[] = [];
  const page = (cursor: string | undefined): Page => {
    const start = cursor ? Number(cursor) : 0;
    const end = Math.min(total, start + size);
    const items = Array.from({ length: end - start }, (_, i) => ({ n: start + i }));
    return end < total ? { items, cursor: String(end) } : { items };
  };
  const route = {
    method: 'GET',
    path: '/things',
    summary: 'things',
    query: z.object({ cursor: z.optional(z.string()) }),
    response: z.unknown(),
    table: { columns: ['n'], rows: (r: Page) => r.items },
    run: async (_deps: QueryDeps, input: { query: Record<string, unknown> }) => {
      const cursor = input.query.cursor as string | undefined;
      calls.push(cursor);
      return page(cursor);
    },
  } as unknown as Route & { table: NonNullable<Route['table']> };
  return { route, calls, first: page(undefined) };
}

const deps = {} as QueryDeps;
const input = { params: {}, query: {}, body: undefined, principal: LOCAL_USER };

describe('exports', () => {
  it('follow every page, so an export is the whole list', async () => {
    const { route, calls, first } = pagedRoute(23, 5);

    const rows = await wholeRows(route, deps, input, first);

    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(calls).toEqual(['5', '10', '15', '20']);
  });

  it('are refused with the limit and how to narrow them, never cut short', async () => {
    const { route, first } = pagedRoute(40, 10);

    const refused = wholeRows(route, deps, input, first, 25);

    await expect(refused).rejects.toBeInstanceOf(ResultTooLargeError);
    await expect(refused).rejects.toThrow(
      /export of \/things: more than 25 rows; the limit is 25 rows\. Narrow the export/,
    );
    expect(await wholeRows(route, deps, input, first, 40)).toHaveLength(40);
  });

  it('are refused past the size one answer can carry', () => {
    expect(() => exportSizeChecked('/things', EXPORT_MAX_BYTES)).not.toThrow();
    expect(() => exportSizeChecked('/things', EXPORT_MAX_BYTES + 1)).toThrow(
      /export of \/things: 4\.0 MB; the limit is 4 MB/,
    );
  });
});
