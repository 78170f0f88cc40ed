/**
 * Loads <content root>/site.yaml, the list's identity (title, description,
 * site URL). A content root without one gets a neutral identity and a
 * one-line notice; an invalid one is an error naming the file, the line and
 * the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SiteIdentitySchema, type SiteIdentity } from '../../schemas/site.ts';
import type { Problem } from '../project/errors.ts';
import { parseYamlFile } from '../project/yaml-lines.ts';

/** What a list without site.yaml is called: nothing about any particular field. */
export const NEUTRAL_IDENTITY: SiteIdentity = {
  title: 'Reading list',
  description: 'Papers collected from Hugging Face Daily Papers, grouped by theme, with notes.',
};

export interface LoadedIdentity {
  identity: SiteIdentity;
  /** Set when the content root has no site.yaml. */
  notice?: Problem;
}

/**
 * Parses and validates site.yaml text.
 * @throws ProblemError naming `file:line`
 */
export function parseSiteIdentity(text: string, file: string): SiteIdentity {
  return parseYamlFile(text, file, {
    schema: SiteIdentitySchema,
    code: 'invalid-site-identity',
    fix: 'fix site.yaml (title, description, url; e.g. "title: My reading list")',
    empty: {},
  });
}

/**
 * Reads the identity of the list in `root`.
 * @param displayFile how site.yaml is named in messages (default: its path)
 * @throws ProblemError when site.yaml is invalid
 */
export function loadSiteIdentity(root: string, displayFile?: string): LoadedIdentity {
  const file = path.join(root, 'site.yaml');
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return siteIdentityOf(text, displayFile ?? file);
}

/**
 * The identity given by site.yaml's text (undefined: no file).
 * @throws ProblemError when the text is invalid
 */
export function siteIdentityOf(text: string | undefined, shown: string): LoadedIdentity {
  if (text === undefined) {
    return {
      identity: NEUTRAL_IDENTITY,
      notice: {
        file: shown,
        code: 'no-site-identity',
        message: 'no site.yaml, so the site is titled "Reading list"',
        action: 'add site.yaml with your list\'s title, description and url (see the README, "Your own reading list")',
      },
    };
  }
  return { identity: parseSiteIdentity(text, shown) };
}
