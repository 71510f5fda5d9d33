/*
 * A small XML writer for project.qde: elements are written in exactly the order they are built
 * (the XSD's sequence order is the caller's job), attributes in the order given, text elements
 * on one line, two-space indentation. Characters a parser would normalise away are written as
 * character references: CR in text; tab, LF and CR in attributes.
 */

/** An element to write. */
export interface XNode {
  readonly name: string;
  readonly attributes: readonly (readonly [string, string])[];
  readonly children: readonly XNode[];
  /** Text content; an element has text or children, not both. */
  readonly text?: string;
}

type AttributeInput = Record<string, string | number | boolean | undefined>;

function attributeList(attributes: AttributeInput): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) out.push([k, String(v)]);
  return out;
}

/** An element with attributes (undefined ones left out) and children (falsy ones left out). */
export function xel(
  name: string,
  attributes: AttributeInput = {},
  children: readonly (XNode | false | undefined | null)[] = [],
): XNode {
  return {
    name,
    attributes: attributeList(attributes),
    children: children.filter((c): c is XNode => Boolean(c)),
  };
}

/** An element holding text only. */
export function xtext(name: string, text: string, attributes: AttributeInput = {}): XNode {
  return { name, attributes: attributeList(attributes), children: [], text };
}

// XML 1.0 allows no C0 control other than tab, LF and CR, not even as a character reference.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes element text. */
export function escapeText(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Escapes an attribute value (double-quoted). */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** Serialises a document: the XML declaration, then `root`, then a final newline. */
export function serializeXml(root: XNode): string {
  const lines: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  const write = (node: XNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const attrs = node.attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
    if (node.text !== undefined) {
      lines.push(`${pad}<${node.name}${attrs}>${escapeText(node.text)}</${node.name}>`);
    } else if (node.children.length === 0) {
      lines.push(`${pad}<${node.name}${attrs}/>`);
    } else {
      lines.push(`${pad}<${node.name}${attrs}>`);
      for (const child of node.children) write(child, depth + 1);
      lines.push(`${pad}</${node.name}>`);
    }
  };
  write(root, 0);
  return `${lines.join('\n')}\n`;
}
