/**
 * Paper ids: slugify(title). When two papers' titles give the same slug, one
 * keeps the plain slug and the others get a short hash of their normalized
 * title, so ids are stable from run to run. A paper that already has a file
 * keeps its id; a file that holds another paper's title blocks the slug. Ids made before other scripts were
 * transliterated ("ρ-EOS" gave `eos-…`, now `rho-eos-…`) are recognised: such a file is kept under its name.
 */
import { createHash } from 'node:crypto';
import { isWindowsReserved } from './paper-names.ts';
import { legacySlugify, slugify } from '../text/slug.ts';
import type { IdentifiedPaper, MergedPaper } from './types.ts';

/** What an existing paper file says about the id it holds. */
export interface IdClaim {
  /** Normalized title of the paper in that file (undefined when unreadable). */
  key?: string;
  /** The dumps the file says it came from (empty for hand-added papers). */
  sources?: readonly string[];
}

export interface IdNote {
  id: string;
  title: string;
  /** Why the id is not the plain slug. */
  reason: string;
}

/** Short, stable hash of a normalized title. */
export function titleHash(key: string, length = 6): string {
  return createHash('sha256').update(key).digest('hex').slice(0, length);
}

/**
 * The slug of the title; a title without Latin letters or digits gets `paper-<hash>`, and one whose slug is a
 * Windows device name (`con`, `nul`, `aux`, `com1`…) gets `-paper` added, since Windows cannot hold that file.
 */
function baseSlug(paper: MergedPaper): string {
  const slug = slugify(paper.title) || `paper-${titleHash(paper.key)}`;
  return isWindowsReserved(slug) ? `${slug}-paper` : slug;
}

/**
 * Gives each paper its id.
 * @param claims ids already used by files under papers/, with the title each holds
 */
export function assignIds(
  papers: readonly MergedPaper[],
  claims: ReadonlyMap<string, IdClaim>,
): { papers: IdentifiedPaper[]; notes: IdNote[] } {
  const taken = new Set(claims.keys());
  const ids = new Map<string, string>();
  // A paper that already has a file keeps that file's id, whatever its name (a hand-added paper's file name
  // need not be the slug of its title): one paper, one file.
  const fileOf = new Map<string, string>();
  for (const [id, claim] of [...claims].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    if (claim.key !== undefined && !fileOf.has(claim.key)) fileOf.set(claim.key, id);
  // A file named by the old slug whose title was since edited by hand is still this paper's, as under its slug.
  const keys = new Set(papers.map((paper) => paper.key));
  const oldStyleFile = (paper: MergedPaper): string | undefined => {
    const legacy = legacySlugify(paper.title);
    const claim = claims.get(legacy);
    if (legacy === '' || legacy === baseSlug(paper) || claim === undefined) return undefined;
    if (claim.key !== undefined && keys.has(claim.key)) return undefined;
    return claim.sources?.some((source) => paper.sources.includes(source)) ? legacy : undefined;
  };
  const bySlug = new Map<string, MergedPaper[]>();
  for (const paper of papers) {
    const own = fileOf.get(paper.key) ?? oldStyleFile(paper);
    if (own !== undefined) {
      ids.set(paper.key, own);
      continue;
    }
    const slug = baseSlug(paper);
    bySlug.set(slug, [...(bySlug.get(slug) ?? []), paper]);
  }
  const notes: IdNote[] = [];
  const byFile = new Set(ids.values());
  const slugs = [...bySlug.keys()].sort();
  // First pass: plain slugs, so a hashed id never takes a slug a later group needs.
  const losers: Array<{ paper: MergedPaper; slug: string; reason: string }> = [];
  for (const slug of slugs) {
    const group = [...bySlug.get(slug)!].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const claim = claims.get(slug);
    // The file's paper keeps its slug: same title, or (a title the reader edited) a dump in common.
    // An unreadable file keeps its id for the first claimant: the planner reports it and leaves it alone.
    const owner = byFile.has(slug)
      ? undefined
      : claim?.key !== undefined
        ? (group.find((p) => p.key === claim.key) ??
          group.find((p) => p.sources.some((s) => claim.sources?.includes(s))))
        : group[0];
    for (const paper of group) {
      if (paper === owner) {
        ids.set(paper.key, slug);
        taken.add(slug);
        continue;
      }
      const reason = owner
        ? `"${slug}" is taken by "${owner.title}"`
        : `"${slug}" is taken by the file of another paper (a different title)`;
      losers.push({ paper, slug, reason });
    }
  }
  for (const { paper, slug, reason } of losers) {
    let length = 6;
    let id = `${slug}-${titleHash(paper.key, length)}`;
    // An id is free when nothing holds it, or when the file holding it is this paper's own.
    while (taken.has(id) && claims.get(id)?.key !== paper.key) id = `${slug}-${titleHash(paper.key, ++length)}`;
    taken.add(id);
    ids.set(paper.key, id);
    notes.push({ id, title: paper.title, reason });
  }
  return { papers: papers.map((paper) => ({ ...paper, id: ids.get(paper.key)! })), notes };
}
