// The list's identity from site.yaml: validated with file:line and the fix, a neutral default and a notice without it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProblemError } from '../../src/lib/project/errors.ts';
import { loadSiteIdentity, NEUTRAL_IDENTITY, parseSiteIdentity, siteIdentityOf } from '../../src/lib/site/site-file.ts';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});
function rootWith(site?: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'site-identity-'));
  roots.push(root);
  if (site !== undefined) fs.writeFileSync(path.join(root, 'site.yaml'), site);
  return root;
}

function problemOf(text: string) {
  try {
    parseSiteIdentity(text, 'content/site.yaml');
  } catch (error) {
    if (isProblemError(error)) return error.problem;
    throw error;
  }
  throw new Error('no problem raised');
}

describe('site.yaml', () => {
  it('reads the title, the description and the url', () => {
    const { identity, notice } = loadSiteIdentity(
      rootWith(
        'title: Speech papers\ndescription: >-\n  What I read on speech,\n  week by week.\nurl: https://example.org/speech/\n',
      ),
    );
    expect(identity).toEqual({
      title: 'Speech papers',
      description: 'What I read on speech, week by week.',
      url: 'https://example.org/speech/',
    });
    expect(notice).toBeUndefined();
  });

  it('gives a content root without one a neutral identity and a one-line notice', () => {
    const { identity, notice } = loadSiteIdentity(rootWith(), 'my-list/site.yaml');
    expect(identity).toEqual(NEUTRAL_IDENTITY);
    expect(`${identity.title} ${identity.description}`).not.toMatch(/efficient|long-context|language model/i);
    expect(notice).toMatchObject({ file: 'my-list/site.yaml', code: 'no-site-identity' });
    expect(notice!.message).not.toContain('\n');
  });

  it.each([
    ['description: No title\n', 1, 'title'],
    ['title: T\nurl: example.org\n', 2, 'url: an http(s) URL such as https://example.org/reading-list/'],
    ['title: T\ndescription: "One.\\n\\nTwo."\n', 2, 'description: one paragraph: no blank line inside'],
    ['title: T\ncolour: blue\n', 2, 'colour'],
    ['title: [unclosed\n', 1, ''],
  ])('names the line and the fix for %j', (text, line, message) => {
    const problem = problemOf(text);
    expect(problem).toMatchObject({ file: 'content/site.yaml', line });
    expect(problem.message).toContain(message);
  });

  it('the default list ships its own', () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../content/site.yaml'), 'utf8');
    const { identity, notice } = siteIdentityOf(text, 'content/site.yaml');
    expect(notice).toBeUndefined();
    expect(identity.description).toContain('long-context');
  });
});

describe('site.yaml with a title only', () => {
  it('gets the neutral description, so the home page and the feeds always have one', () => {
    expect(parseSiteIdentity('title: My list\n', 'site.yaml')).toEqual({
      title: 'My list',
      description: NEUTRAL_IDENTITY.description,
    });
  });
});
