/**
 * Just enough XML writing for the feeds and the sitemap: escaped text and
 * attributes, and elements from a small tree, so no caller concatenates
 * unescaped strings. Characters XML 1.0 forbids (control codes) are dropped.
 */

export type XmlNode = XmlElement | string;

export interface XmlElement {
  name: string;
  attributes?: Record<string, string | undefined>;
  children?: XmlNode[];
}

// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Shorthand: el('item', {}, [el('title', {}, ['A & B'])]). */
export function el(name: string, attributes: XmlElement['attributes'] = {}, children: XmlNode[] = []): XmlElement {
  return { name, attributes, children };
}

function serialize(node: XmlNode, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  if (typeof node === 'string') {
    out.push(indent + escapeXml(node));
    return;
  }
  const attrs = Object.entries(node.attributes ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  const children = node.children ?? [];
  if (children.length === 0) {
    out.push(`${indent}<${node.name}${attrs}/>`);
  } else if (children.every((child) => typeof child === 'string')) {
    out.push(`${indent}<${node.name}${attrs}>${(children as string[]).map(escapeXml).join('')}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attrs}>`);
    for (const child of children) serialize(child, depth + 1, out);
    out.push(`${indent}</${node.name}>`);
  }
}

/** A whole document with its XML declaration. */
export function toXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  serialize(root, 0, out);
  return `${out.join('\n')}\n`;
}
