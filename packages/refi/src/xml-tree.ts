import { decodeUtf8 } from '@iwa/study';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An XML element with its local name, decoded attributes and text, and where it is in the file. */
export interface XmlElement {
  /** The local name (namespace prefix removed), e.g. `Code`. */
  name: string;
  /** The name as written, e.g. `qda:Code`. */
  qname: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
  /** Where it is, e.g. `CodeBook/Codes/Code[2]/Code[1]`. */
  path: string;
}

/** A problem with where it is in the file. */
export interface XmlProblem {
  message: string;
  line?: number;
  path?: string;
}

/** The deepest element nesting read; deeper files are refused with a problem. */
export const MAX_XML_DEPTH = 100;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // No entity expansion and no DTD: the five predefined entities and character references are
  // decoded below, and a document with a DOCTYPE is refused before parsing.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  // Deeper nesting is refused (no REFI-QDA file nests codes anywhere near this deep), which
  // also bounds the recursion that builds the element tree below.
  maxNestedTags: MAX_XML_DEPTH,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined XML entities and character references; leaves anything else as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

/** Replaces comments, CDATA sections, processing instructions and a DOCTYPE with spaces, keeping line breaks. */
function blankNonElementMarkup(xml: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return xml
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, blank)
    .replace(/<\?[\s\S]*?\?>/g, blank);
}

/** The line of every start tag, in document order. */
function startTagLines(xml: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let last = 0;
  for (const match of blankNonElementMarkup(xml).matchAll(/<[A-Za-z_]/g)) {
    for (let i = last; i < match.index; i++) if (xml.charCodeAt(i) === 10) line++;
    last = match.index;
    lines.push(line);
  }
  return lines;
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * Parses XML into an element tree with line numbers: well-formedness is checked first (with the
 * line and column of the first error), a DOCTYPE is refused, and no entity is expanded.
 */
export function parseXml(xml: string): { root: XmlElement } | { problem: XmlProblem } {
  const doctype = /<!DOCTYPE/i.exec(blankNonElementMarkup(xml));
  if (doctype) {
    const line = xml.slice(0, doctype.index).split('\n').length;
    return {
      problem: {
        message: 'the file declares a DOCTYPE; a REFI-QDA file has none, and iwa reads no DTD',
        line,
      },
    };
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return { problem: { message: `not well-formed XML: ${valid.err.msg}`, line: valid.err.line } };
  }
  const lines = startTagLines(xml);
  let next = 0;
  const build = (
    node: OrderedNode,
    qname: string,
    at: { parentPath: string; index: number },
  ): XmlElement => {
    const { parentPath, index } = at;
    const name = qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
    const element: XmlElement = {
      name,
      qname,
      attributes: Object.fromEntries(
        Object.entries(node[':@'] ?? {}).map(([k, v]) => [k, decodeEntities(String(v))]),
      ),
      children: [],
      text: '',
      line: lines[next++] ?? 0,
      path: parentPath ? `${parentPath}/${name}[${index}]` : name,
    };
    const counts = new Map<string, number>();
    for (const child of (node[qname] as OrderedNode[] | undefined) ?? []) {
      const childName = Object.keys(child).find((k) => k !== ':@');
      if (childName === undefined) continue;
      if (childName === '#text') element.text += decodeEntities(String(child[childName]));
      else if (childName === '#cdata') {
        const parts = child[childName] as { '#text'?: string }[];
        element.text += parts.map((p) => p['#text'] ?? '').join('');
      } else {
        const local = childName.includes(':')
          ? childName.slice(childName.indexOf(':') + 1)
          : childName;
        const n = (counts.get(local) ?? 0) + 1;
        counts.set(local, n);
        element.children.push(build(child, childName, { parentPath: element.path, index: n }));
      }
    }
    return element;
  };
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(xml) as OrderedNode[];
  } catch (err) {
    // The parser throws on input it refuses (e.g. nesting deeper than MAX_XML_DEPTH): bad input,
    // so a problem, not an exception.
    if (!(err instanceof Error)) throw err;
    return {
      problem: /nested/i.test(err.message)
        ? {
            message: `elements are nested more than ${MAX_XML_DEPTH} deep; a REFI-QDA file never is, so it is refused`,
          }
        : { message: `the XML cannot be read: ${err.message}` },
    };
  }
  const top = nodes.find((n) => Object.keys(n).some((k) => k !== ':@' && !k.startsWith('#')));
  if (!top) return { problem: { message: 'the file has no root element' } };
  const qname = Object.keys(top).find((k) => k !== ':@') ?? '';
  const root = build(top, qname, { parentPath: '', index: 1 });
  root.path = root.name;
  return { root };
}

/** The encoding of an XML file's bytes: a BOM (UTF-8 or UTF-16) or the declaration's, else UTF-8. */
export function xmlEncodingOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(
    head,
  )?.[1];
  return declared ? declared.toLowerCase() : 'utf-8';
}

/** Decodes a file's bytes: a BOM (UTF-8 or UTF-16) or the XML declaration's encoding, else UTF-8. */
export function decodeXmlBytes(bytes: Uint8Array): { text: string } | { problem: XmlProblem } {
  const encoding = xmlEncodingOf(bytes);
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch (err) {
    if (err instanceof RangeError)
      return { problem: { message: `unknown encoding "${encoding}"` } };
    if (encoding === 'utf-8' || encoding === 'utf8') {
      // name the first bad byte and its line, as the study readers do
      const bad = decodeUtf8(bytes);
      if (!bad.ok) {
        const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad.byteOffset));
        const line = before.split('\n').length;
        const value = bytes[bad.byteOffset];
        return {
          problem: {
            message: `the bytes are not valid utf-8: byte ${bad.byteOffset}${value === undefined ? ' (end of file, a character is cut off)' : ` (0x${value.toString(16).padStart(2, '0')})`} does not start a valid character`,
            line,
          },
        };
      }
    }
    return { problem: { message: `the bytes are not valid ${encoding}` } };
  }
}
