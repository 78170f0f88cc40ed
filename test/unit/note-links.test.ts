// The links a reader writes in a note come out relative to the paper page the note is shown on, naming a
// file: through an MDX pipeline as the site's (MDX syntax, remark-math, rehype-katex, then the note-link
// plugin), Markdown links and <a> elements alike; external links, fragments and components untouched.
import type { Root } from 'hast';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import rehypeNoteLinks, { noteLinkUrl } from '../../src/lib/render/rehype-note-links.ts';
import { sitePath } from '../../src/lib/paths.ts';

describe('noteLinkUrl', () => {
  it.each([
    ['/papers/snapkv', 'snapkv.html'],
    ['/papers/snapkv.html', 'snapkv.html'],
    ['/papers/snapkv.html#notes', 'snapkv.html#notes'],
    ['/themes/kv-cache.html', '../themes/kv-cache.html'],
    ['/themes/kv-cache', '../themes/kv-cache.html'],
    ['/search.html?q=kv+cache', '../search.html?q=kv+cache'],
    ['/search?q=kv', '../search.html?q=kv'],
    ['/', '../index.html'],
    ['/#themes', '../index.html#themes'],
    ['/tags/', '../tags/index.html'],
    ['/papers.bib', '../papers.bib'],
    ['other-paper', 'other-paper.html'],
    ['../themes/kv-cache', '../themes/kv-cache.html'],
    ['./snapkv.html', 'snapkv.html'],
    // '..' stops at the site's root, as a browser reads it over http; from disk it must not leave dist/.
    ['../../index.html', '../index.html'],
    ['../../../themes/kv-cache', '../themes/kv-cache.html'],
  ])('%s on a paper page -> %s', (written, page) => {
    expect(noteLinkUrl(written)).toBe(page);
  });

  it.each([
    'https://arxiv.org/abs/2404.14469',
    'mailto:me@example.org',
    '//cdn.example.org/x.js',
    '#notes',
    '?q=x',
    '',
  ])('leaves %s as written', (url) => {
    expect(noteLinkUrl(url)).toBe(url);
  });

  it('is relative to the page it is given', () => {
    expect(noteLinkUrl('/papers/a', sitePath('index.html'))).toBe('papers/a.html');
    expect(noteLinkUrl('/papers/a', sitePath('tags/x/y.html'))).toBe('../../papers/a.html');
  });
});

describe('the note-link plugin in the MDX pipeline', () => {
  it('rewrites Markdown links, images and <a> elements, and leaves components and outside links alone', async () => {
    const note = [
      'See [SnapKV](/papers/snapkv) and [the theme](/themes/kv-cache.html#top), or [arXiv](https://arxiv.org/abs/1).',
      '',
      '<a href="/status/read">read</a> <PaperLink id="snapkv" /> ![fig](/figures/a.png) $x^2$',
      '',
      '[Up](#notes)',
    ].join('\n');
    const processor = unified()
      .use(remarkParse)
      .use(remarkMdx)
      .use(remarkMath)
      // As @mdx-js/mdx does: JSX and expressions pass through to the HTML tree.
      .use(remarkRehype, {
        passThrough: ['mdxJsxFlowElement', 'mdxJsxTextElement', 'mdxFlowExpression', 'mdxTextExpression', 'mdxjsEsm'],
      })
      .use(rehypeKatex)
      .use(rehypeNoteLinks);
    const tree = (await processor.run(processor.parse(note))) as Root;
    const urls: string[] = [];
    const components: string[] = [];
    visit(tree, (node) => {
      if (node.type === 'element') {
        for (const key of ['href', 'src'])
          if (typeof node.properties[key] === 'string') urls.push(node.properties[key]);
      } else if (node.type === 'mdxJsxTextElement' || node.type === 'mdxJsxFlowElement') {
        for (const attribute of node.attributes) {
          if (attribute.type !== 'mdxJsxAttribute') continue;
          (node.name === 'a' ? urls : components).push(`${attribute.name}=${String(attribute.value)}`);
        }
      }
    });
    expect(urls).toEqual([
      'snapkv.html',
      '../themes/kv-cache.html#top',
      'https://arxiv.org/abs/1',
      'href=../status/read.html',
      '../figures/a.png',
      '#notes',
    ]);
    expect(components).toEqual(['id=snapkv']);
  });
});
