/**
 * The reading workflow as data: papers by status (to read, reading, read) and
 * by tag, with counts for the home page. Tags are grouped by their URL slug,
 * so "Survey Material" and "survey-material" share one page, shown with the
 * spelling used most. Pure; src/content.ts feeds it the papers.
 */
import { STATUSES, type Status } from '../../schemas/paper.ts';
import { statusLabel } from './format.ts';
import { tagSlug } from '../urls.ts';

export interface StatusGroup<P> {
  status: Status;
  label: string;
  papers: P[];
}

export interface TagGroup<P> {
  /** The URL segment: tags/<slug>.html. */
  slug: string;
  /** The spelling most papers use (ties: the first in sort order). */
  label: string;
  /** Every spelling seen, sorted. */
  spellings: string[];
  papers: P[];
}

interface Tagged {
  status: Status;
  tags: readonly string[];
}

/** One group per status, always all three, in workflow order; papers keep their given order. */
export function groupByStatus<P extends Tagged>(papers: readonly P[]): StatusGroup<P>[] {
  const groups = new Map<Status, P[]>(STATUSES.map((status) => [status, []]));
  for (const paper of papers) groups.get(paper.status)!.push(paper);
  return STATUSES.map((status) => ({ status, label: statusLabel(status), papers: groups.get(status)! }));
}

/** One group per tag slug, most used first, then by label; a paper is listed once per tag. */
export function groupByTag<P extends Tagged>(papers: readonly P[]): TagGroup<P>[] {
  const groups = new Map<string, { spellings: Map<string, number>; papers: P[] }>();
  for (const paper of papers) {
    const seen = new Set<string>();
    for (const raw of paper.tags) {
      const tag = raw.trim();
      if (!tag) continue;
      const slug = tagSlug(tag);
      let group = groups.get(slug);
      if (!group) groups.set(slug, (group = { spellings: new Map(), papers: [] }));
      group.spellings.set(tag, (group.spellings.get(tag) ?? 0) + 1);
      if (!seen.has(slug)) {
        seen.add(slug);
        group.papers.push(paper);
      }
    }
  }
  return [...groups]
    .map(([slug, group]) => {
      const spellings = [...group.spellings.keys()].sort();
      const label = [...group.spellings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
      return { slug, label, spellings, papers: group.papers };
    })
    .sort((a, b) => b.papers.length - a.papers.length || a.label.localeCompare(b.label, 'en'));
}
