/**
 * Loads <content root>/site.yaml, the list's identity (title, description,
 * site URL). A content root without one gets a neutral identity and a
 * one-line notice; an invalid one is an error naming the file, the line and
 * the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SiteIdentitySchema, type SiteIdentity } from '../schemas/site.ts';
import { ProblemError, type Problem } from './errors.ts';
import { formatPath, issuePath, lineOfPath, parseYamlWithLines, yamlSyntaxProblems } from './yaml-lines.ts';

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
  const parsed = parseYamlWithLines(text);
  const [syntax] = yamlSyntaxProblems(parsed, file, 'fix the YAML');
  if (syntax) throw new ProblemError(syntax);
  const result = SiteIdentitySchema.safeParse(parsed.doc.toJS() ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ProblemError({
    file,
    line: lineOfPath(parsed, issuePath(issue)),
    code: 'invalid-site-identity',
    message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
    action: 'fix site.yaml (title, description, url; e.g. "title: My reading list")',
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
