// The search records (src/lib/search/fields.ts), one per paper, from the data the pages render. The build's
// search stage indexes them with Pagefind and removes this file; it is never part of the published site.
import type { APIRoute } from 'astro';
import { getSearchRecords } from '../../content.ts';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(await getSearchRecords()), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
