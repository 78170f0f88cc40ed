// The reading workflow in built sites of the workflow fixture (test/fixtures/workflow): status and
// tag pages, counts and the timeline on the home page, backlinks and the copy-BibTeX control,
// RSS feeds and the sitemap (only with a site URL), papers.json against its documented schema,
// BibTeX parsed back, and the build error for a note linking to an unknown paper.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { visit } from 'unist-util-visit';
import { toString } from 'hast-util-to-string';
import type { Element, Root } from 'hast';
import { buildSite, makeContentRoot, removeTemp } from '../helpers/site.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/workflow');
const SITE_URL = 'https://example.org/reading-list/';
const SCHEMA = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/papers-json.schema.json'), 'utf8'),
);

/** Fixture facts the assertions are checked against. */
const PAPERS = ['added-by-hand', 'special-characters', 'minference', 'snapkv', 'kivi', 'streaming-llm', 'h2o'];
const STATUS = {
  'to-read': ['special-characters', 'minference', 'kivi'],
  reading: ['added-by-hand', 'h2o'],
  read: ['snapkv', 'streaming-llm'],
};

let withSite: string;
let withoutSite: string;
let withoutSiteOutput: string;
let brokenError: Error;

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['item', 'url', 'category', 'sitemap'].includes(name),
});

function read(dist: string, file: string): string {
  return fs.readFileSync(path.join(dist, file), 'utf8');
}

function html(dist: string, file: string): Root {
  return unified().use(rehypeParse).parse(read(dist, file));
}

function find(tree: Root | Element, test: (node: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (test(node)) found.push(node);
  });
  return found;
}

const byId = (id: string) => (node: Element) => node.properties.id === id;
const hasClass = (name: string) => (node: Element) =>
  ((node.properties.className as string[] | undefined) ?? []).includes(name);

/** Paper ids linked from part of a page; hrefs are relative to the page (`page`, e.g. papers/x.html). */
function paperIdsIn(part: Element, page: string): string[] {
  return find(part, (node) => node.tagName === 'a' && node.properties.href !== undefined)
    .map((a) => path.posix.join(path.posix.dirname(page), String(a.properties.href)))
    .filter((target) => /^papers\/[^/]+\.html$/.test(target))
    .map((target) => path.posix.basename(target, '.html'));
}

/** The dist file an absolute site URL names. */
function fileOf(dist: string, url: string): string {
  expect(url.startsWith(SITE_URL), url).toBe(true);
  return path.join(dist, decodeURI(url.slice(SITE_URL.length)));
}

beforeAll(async () => {
  const root = await makeContentRoot({ from: FIXTURE });
  withSite = (await buildSite({ contentRoot: root, env: { READING_LIST_SITE: SITE_URL } })).dist;
  ({ dist: withoutSite, output: withoutSiteOutput } = await buildSite({
    contentRoot: root,
    env: { READING_LIST_SITE: '' },
  }));
  const broken = await makeContentRoot({
    from: FIXTURE,
    files: {
      'papers/other/broken-link.mdx':
        '---\ntitle: Broken Link Note\ndate: 2025-02-01\n---\n\nIntro line.\n\nSee <PaperLink id="snapkw" /> for details.\n',
    },
  });
  brokenError = await buildSite({ contentRoot: broken }).then(
    () => new Error('the build succeeded'),
    (error: Error) => error,
  );
});

afterAll(removeTemp);

describe('links between notes', () => {
  it('fails the build naming the MDX file, line, column and the unknown id, with a suggestion', () => {
    expect(brokenError.message).toMatch(/astro build of .* failed \(exit 1\)/);
    expect(brokenError.message).toMatch(
      /papers\/other\/broken-link\.mdx:8:5: <PaperLink id="snapkw"> names no paper: unknown id "snapkw"; did you mean "snapkv"\?/,
    );
  });

  it('lists backlinks on each paper page, and none where no note links', () => {
    const backlinks = (id: string) => {
      const section = find(html(withSite, `papers/${id}.html`), hasClass('backlinks'))[0];
      return section ? paperIdsIn(section, `papers/${id}.html`) : [];
    };
    expect(backlinks('h2o')).toEqual(['snapkv']);
    expect(backlinks('snapkv')).toEqual(['h2o']);
    expect(backlinks('minference')).toEqual(['streaming-llm']);
    expect(backlinks('kivi')).toEqual(['added-by-hand']);
    expect(backlinks('special-characters')).toEqual([]);
  });

  it('renders PaperLink in notes as links to the papers', () => {
    const notes = find(html(withSite, 'papers/snapkv.html'), hasClass('notes'))[0]!;
    expect(paperIdsIn(notes, 'papers/snapkv.html')).toEqual(['h2o', 'streaming-llm']);
  });
});

describe('status and tag pages', () => {
  it('writes a page per status listing exactly its papers, even when empty of some', () => {
    for (const [status, ids] of Object.entries(STATUS)) {
      const tree = html(withSite, `status/${status}.html`);
      const list = find(tree, byId('status-papers'))[0]!;
      expect(paperIdsIn(list, `status/${status}.html`).sort(), status).toEqual([...ids].sort());
    }
  });

  it('writes a page per tag; spellings with one slug share it, shown as the most used one', () => {
    const tags = fs.readdirSync(path.join(withSite, 'tags')).sort();
    expect(tags).toEqual([
      'attention-sinks.html',
      'eviction.html',
      'must-cite.html',
      'quantization.html',
      'survey-material.html',
    ]);
    const mustCite = find(html(withSite, 'tags/must-cite.html'), byId('tag-papers'))[0]!;
    expect(paperIdsIn(mustCite, 'tags/must-cite.html').sort()).toEqual(['h2o', 'snapkv', 'streaming-llm']);
    const survey = html(withSite, 'tags/survey-material.html');
    expect(toString(find(survey, (node) => node.tagName === 'h1')[0]!)).toBe('Survey Material');
    expect(paperIdsIn(find(survey, byId('tag-papers'))[0]!, 'tags/survey-material.html').sort()).toEqual([
      'added-by-hand',
      'h2o',
    ]);
  });

  it('links status and tags from the paper page to their pages', () => {
    const facts = find(html(withSite, 'papers/h2o.html'), hasClass('facts'))[0]!;
    const hrefs = find(facts, (node) => node.tagName === 'a').map((a) => String(a.properties.href));
    expect(hrefs).toEqual(
      expect.arrayContaining(['../status/reading.html', '../tags/must-cite.html', '../tags/survey-material.html']),
    );
  });

  it('shows counts per status and per tag on the home page, linked to their pages', () => {
    const home = html(withSite, 'index.html');
    const statuses = find(home, (node) => node.tagName === 'li' && node.properties.dataStatus !== undefined).map(
      (li) => [
        li.properties.dataStatus,
        String(find(li, (node) => node.tagName === 'a')[0]!.properties.href),
        toString(li).replace(/\s+/g, ' ').trim(),
      ],
    );
    expect(statuses).toEqual([
      ['read', 'status/read.html', 'Read 2'],
      ['reading', 'status/reading.html', 'Reading 2'],
      ['to-read', 'status/to-read.html', 'To read 3'],
    ]);
    const tags = find(find(home, hasClass('tag-cloud'))[0]!, (node) => node.tagName === 'li').map((li) =>
      toString(li).replace(/\s+/g, ' ').trim(),
    );
    expect(tags).toEqual(['must-cite 3', 'Survey Material 2', 'attention-sinks 1', 'eviction 1', 'quantization 1']);
  });
});

describe('timeline', () => {
  it('draws papers per month on the home page as accessible SVGs, one per theme, with no script', () => {
    const home = html(withSite, 'index.html');
    const charts = find(home, (node) => node.tagName === 'svg' && hasClass('multiples-chart')(node));
    expect(charts.length).toBeGreaterThan(1);
    for (const svg of charts) {
      expect(svg.properties.role).toBe('img');
      expect(svg.properties.ariaLabelledBy).toBeTruthy();
    }
    const bars = charts.flatMap((svg) => find(svg, hasClass('multiples-bar')));
    expect(bars.reduce((sum, bar) => sum + Number(bar.properties.dataCount), 0)).toBe(PAPERS.length);
    expect(read(withSite, 'index.html')).not.toContain('type="module"');
  });

  it("shows each theme's own timeline on its page", () => {
    const tree = html(withSite, 'themes/sparse-attention.html');
    const bars = find(tree, hasClass('timeline-bar'));
    // Its papers: streaming-llm and minference (primary) and h2o (secondary, stacked under kv-cache).
    expect(bars.map((bar) => [bar.properties.dataMonth, bar.properties.dataTheme]).sort()).toEqual([
      ['2023-06', 'kv-cache'],
      ['2023-09', 'sparse-attention'],
      ['2024-07', 'sparse-attention'],
    ]);
  });
});

describe('RSS feeds and sitemap', () => {
  it('writes a valid RSS 2.0 feed of the list, newest first, with absolute links to real pages', () => {
    const text = read(withSite, 'feed.xml');
    expect(XMLValidator.validate(text)).toBe(true);
    const { rss } = xml.parse(text);
    expect(rss['@version']).toBe('2.0');
    expect(rss.channel.title).toBe('Reading list');
    expect(rss.channel.link).toBe(SITE_URL);
    expect(rss.channel.description).toBeTruthy();
    const items = rss.channel.item as {
      title: string;
      link: string;
      guid: { '#text': string };
      pubDate: string;
      description: string;
    }[];
    expect(items.map((item) => path.basename(item.link, '.html'))).toEqual(PAPERS);
    const dates = items.map((item) => Date.parse(item.pubDate));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    for (const item of items) {
      expect(fs.existsSync(fileOf(withSite, item.link)), item.link).toBe(true);
      expect(item.guid['#text']).toBe(item.link);
      expect(item.pubDate).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} 00:00:00 GMT$/);
    }
    const special = items.find((item) => item.link.endsWith('special-characters.html'))!;
    expect(special.title).toContain('Q&A at 100% Scale');
    expect(special.description).toBe('An abstract with <tags>, & ampersands, bold and 50% of {braces}.');
  });

  it('writes one valid feed per theme with exactly its papers', () => {
    const expected: Record<string, string[]> = {
      'kv-cache': ['snapkv', 'kivi', 'h2o'],
      'sparse-attention': ['minference', 'streaming-llm', 'h2o'],
      other: ['added-by-hand', 'special-characters'],
    };
    for (const [theme, ids] of Object.entries(expected)) {
      const text = read(withSite, `feeds/${theme}.xml`);
      expect(XMLValidator.validate(text), theme).toBe(true);
      const { channel } = xml.parse(text).rss;
      expect(channel.link).toBe(`${SITE_URL}themes/${theme}.html`);
      expect(channel['atom:link']['@href']).toBe(`${SITE_URL}feeds/${theme}.xml`);
      expect(channel.item.map((item: { link: string }) => path.basename(item.link, '.html'))).toEqual(ids);
    }
  });

  it('writes a sitemap with every page of the site as an absolute URL of its file', () => {
    const index = read(withSite, 'sitemap-index.xml');
    expect(XMLValidator.validate(index)).toBe(true);
    const sitemaps: string[] = xml.parse(index).sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
    expect(sitemaps).toEqual([`${SITE_URL}sitemap-0.xml`]);
    const text = fs.readFileSync(fileOf(withSite, sitemaps[0]!), 'utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    const locs: string[] = xml.parse(text).urlset.url.map((u: { loc: string }) => u.loc);
    // The home page is the site URL itself; every other page is named by its file.
    const pages = fs
      .readdirSync(withSite, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.html') && file !== '404.html' && !file.startsWith('pagefind'))
      .map((file) => `${SITE_URL}${file === 'index.html' ? '' : file.split(path.sep).join('/')}`)
      .sort();
    expect([...locs].sort()).toEqual(pages);
  });

  it('announces the feeds in the page heads', () => {
    expect(read(withSite, 'index.html')).toMatch(
      /<link rel="alternate" type="application\/rss\+xml" title="Reading list" href="feed\.xml">/,
    );
    expect(read(withSite, 'themes/kv-cache.html')).toContain('href="../feeds/kv-cache.xml"');
  });

  it('leaves feeds and sitemap out without a site URL, says so in the build summary, and links none', () => {
    expect(fs.existsSync(path.join(withoutSite, 'feed.xml'))).toBe(false);
    expect(fs.existsSync(path.join(withoutSite, 'feeds'))).toBe(false);
    expect(fs.readdirSync(withoutSite).filter((file) => file.startsWith('sitemap'))).toEqual([]);
    expect(withoutSiteOutput).toContain('no site URL configured: RSS feeds and sitemap-index.xml were not written');
    expect(withoutSiteOutput).toContain('READING_LIST_SITE');
    expect(read(withoutSite, 'index.html')).not.toContain('feed.xml');
    expect(fs.existsSync(path.join(withoutSite, 'papers.json'))).toBe(true);
    expect(fs.existsSync(path.join(withoutSite, 'papers.bib'))).toBe(true);
  });
});

describe('papers.json', () => {
  const load = () => JSON.parse(read(withSite, 'papers.json'));

  it('validates against the documented schema', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true, strictTypes: false }).compile(SCHEMA);
    const doc = load();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.count).toBe(PAPERS.length);
    expect(doc.themes.map((t: { id: string; count: number }) => [t.id, t.count])).toEqual([
      ['kv-cache', 3],
      ['sparse-attention', 2],
      ['other', 2],
    ]);
  });

  it('carries all data: frontmatter, resolved themes, notes, links, backlinks and the reader keys', () => {
    const papers = new Map(load().papers.map((p: { id: string }) => [p.id, p]));
    expect([...papers.keys()]).toEqual(PAPERS);
    expect(papers.get('h2o')).toMatchObject({
      title: 'H2O: Heavy-Hitter Oracle for Efficient Generative Inference of Large Language Models',
      date: '2023-06-24',
      authors: 12,
      upvotes: 7,
      sources: ['dump-a.txt', 'dump-b.txt'],
      themes: ['kv-cache', 'sparse-attention'],
      primaryTheme: 'kv-cache',
      status: 'reading',
      tags: ['must-cite', 'Survey Material'],
      rating: 5,
      url: 'papers/h2o.html',
      file: 'papers/kv-cache/h2o.mdx',
      links: ['snapkv'],
      backlinks: ['snapkv'],
    });
    expect(papers.get('added-by-hand')).toMatchObject({
      id: 'added-by-hand',
      added: '2025-01-20',
      primaryTheme: 'other',
      extra: { venue: 'ICLR 2025' },
    });
    expect((papers.get('snapkv') as { notes: string }).notes).toContain('<PaperLink id="h2o" />');
    for (const paper of papers.values())
      expect(fs.existsSync(path.join(withSite, (paper as { url: string }).url))).toBe(true);
  });
});

describe('BibTeX', () => {
  it('parses the list file with a BibTeX library: no errors, one entry per paper, fields round-trip', () => {
    const library = parseBibtex(read(withSite, 'papers.bib'));
    expect(library.errors).toEqual([]);
    expect(library.entries).toHaveLength(PAPERS.length);
    const json = new Map(
      JSON.parse(read(withSite, 'papers.json')).papers.map((p: { bibtexKey: string }) => [p.bibtexKey, p]),
    );
    for (const entry of library.entries) {
      const paper = json.get(entry.key) as {
        title: string;
        date: string;
        upvotes: number;
        sources: string[];
        huggingFaceUrl: string;
      };
      expect(paper, entry.key).toBeDefined();
      expect(entry.type).toBe('misc');
      expect(entry.fields.year).toBe(paper.date.slice(0, 4));
      expect(entry.fields.url).toBe(paper.huggingFaceUrl);
      // An upvote count is no citation.
      expect(entry.fields.note).toBeUndefined();
    }
    const special = library.entries.find((entry) => entry.fields.title?.startsWith('Q&A'))!;
    expect(special.fields.title).toBe(
      'Q&A at 100% Scale: {Braces}, Dollars and #Hashes in C++_Titles ~ ^ <b>not bold</b>',
    );
  });

  it('writes one file per theme with the same keys as the list file', () => {
    const all = new Map(parseBibtex(read(withSite, 'papers.bib')).entries.map((entry) => [entry.key, entry.input]));
    for (const [theme, count] of [
      ['kv-cache', 3],
      ['sparse-attention', 3],
      ['other', 2],
    ] as const) {
      const library = parseBibtex(read(withSite, `bibtex/${theme}.bib`));
      expect(library.errors, theme).toEqual([]);
      expect(library.entries, theme).toHaveLength(count);
      for (const entry of library.entries) expect(all.get(entry.key)).toBe(entry.input);
    }
  });

  it('shows the entry on each paper page in a <details>, with a copy button hidden until JavaScript runs', () => {
    const tree = html(withSite, 'papers/snapkv.html');
    const details = find(tree, (node) => node.tagName === 'details' && hasClass('bibtex')(node))[0]!;
    const code = toString(
      find(details, (node) => node.tagName === 'code' && node.properties.dataBibtex !== undefined)[0]!,
    );
    const library = parseBibtex(code);
    expect(library.errors).toEqual([]);
    expect(library.entries[0]!.fields.title).toBe('SnapKV: LLM Knows What You are Looking for Before Generation');
    expect(read(withSite, 'papers.bib')).toContain(code.trim());
    const button = find(tree, (node) => node.tagName === 'button' && node.properties.dataCopyBibtex !== undefined)[0]!;
    expect(button.properties.hidden).toBe(true);
  });
});
