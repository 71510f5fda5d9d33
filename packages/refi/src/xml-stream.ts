import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { MAX_XML_DEPTH, type XmlElement, type XmlProblem } from './xml-tree.ts';

/*
 * A streaming XML reader that builds the same element tree as `parseXml` (local names, decoded
 * attributes and text, line and path of each element) from text given in chunks, and lets the
 * caller take whole subtrees away as they close: project.qde's sources are handed on one at a
 * time, so the tree never holds every selection and coding of a large project. Built on saxes
 * (strict well-formedness, no DTD processing): a DOCTYPE is refused, an undeclared entity is
 * left as written (as `parseXml` does), and nesting deeper than MAX_XML_DEPTH is refused.
 */

/** What the caller does as elements open and close. */
export interface XmlStreamHandlers {
  /** Called when a start tag is read (the element has its attributes, no children yet). */
  readonly onOpen?: (element: XmlElement, depth: number) => void;
  /**
   * Called when an element is complete. Return true to take it: it is then not added to its
   * parent's children, and nothing keeps it.
   */
  readonly onClose?: (
    element: XmlElement,
    depth: number,
    parent: XmlElement | undefined,
  ) => boolean;
}

/** An XML reader fed text chunk by chunk. */
export interface XmlTreeStream {
  /** Reads the next chunk; returns the problem that stops the read, if one does. */
  write(text: string): XmlProblem | undefined;
  /** Ends the text: the root element (without what the handlers took), or the problem. */
  close(): { root: XmlElement } | { problem: XmlProblem };
}

/** Thrown inside saxes' callbacks to stop the parse at the first fatal problem. */
class StopParse extends Error {
  constructor(readonly problem: XmlProblem) {
    super(problem.message);
  }
}

const localName = (qname: string): string =>
  qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;

/** saxes prefixes its messages with `line:column: `; the line is reported apart. */
const bareMessage = (err: Error): string => err.message.replace(/^\d+:\d+: /, '');

interface Open {
  readonly element: StreamElement;
  /** Children seen so far per local name (made on the first child). */
  counts: Map<string, number> | undefined;
}

/** The attributes of an element that has none (most text and reference elements). */
const NO_ATTRIBUTES = Object.freeze({}) as Record<string, string>;

/** Own, ordinary properties in place of saxes' prototype-less attribute object. */
function plainAttributes(from: Record<string, string>): Record<string, string> {
  const keys = Object.keys(from);
  if (keys.length === 0) return NO_ATTRIBUTES;
  const to: Record<string, string> = {};
  for (const key of keys) {
    // `__proto__` as a key would set the prototype, not an attribute: defined as an own property
    if (key === '__proto__')
      Object.defineProperty(to, key, { value: from[key], enumerable: true, writable: true });
    else to[key] = from[key] ?? '';
  }
  return to;
}

/** The children of an element that has none yet (replaced on the first child). */
const NO_CHILDREN = Object.freeze([]) as unknown as XmlElement[];

/**
 * An element of the stream: its path is worked out when asked (only issues ask), from its
 * parent's, so the hundreds of thousands of elements of a large project.qde carry no path string.
 * It is kept small, since the sections before the sources stay alive while they stream (the
 * cases of a 10,000-interview project are ~300,000 elements): its attributes are an ordinary
 * object (saxes gives a prototype-less one, which V8 keeps as a hash table of ~200 bytes), a
 * leaf shares one empty children array, and a closed element's children array is cut to its
 * length.
 */
class StreamElement implements XmlElement {
  children: XmlElement[] = NO_CHILDREN;
  text = '';
  readonly attributes: Record<string, string>;
  readonly line: number;
  readonly qname: string;
  /** Its parent and its place among the parent's children of its name (the path's parts). */
  private readonly parent: StreamElement | undefined;
  private readonly n: number;
  constructor(
    readonly name: string,
    tag: {
      readonly qname: string;
      readonly attributes: Record<string, string>;
      readonly line: number;
    },
    at: { readonly parent: StreamElement | undefined; readonly n: number },
  ) {
    this.parent = at.parent;
    this.n = at.n;
    this.qname = tag.qname;
    this.attributes = plainAttributes(tag.attributes);
    this.line = tag.line;
  }

  get path(): string {
    return this.parent === undefined ? this.name : `${this.parent.path}/${this.name}[${this.n}]`;
  }

  /** Adds a child (the first one replaces the shared empty array). */
  add(child: XmlElement): void {
    if (this.children === NO_CHILDREN) this.children = [child];
    else this.children.push(child);
  }

  /**
   * Cuts the children array to its length (a pushed-to array keeps spare room), and drops the
   * whitespace between child elements (the indentation of a container, never content in
   * REFI-QDA; the text of an element without children is kept as it is).
   */
  trim(): void {
    if (this.children.length > 1) this.children = this.children.slice();
    if (this.children.length > 0 && this.text !== '' && BLANK.test(this.text)) this.text = '';
  }

  /**
   * Replaces the strings of this subtree by copies (the same values shared once per subtree),
   * so they no longer keep alive the chunks of text they were cut from (V8 keeps a substring as
   * a slice of its whole chunk).
   */
  own(copies: Map<string, string> = new Map()): void {
    const copy = (text: string): string => {
      const known = copies.get(text);
      if (known !== undefined) return known;
      const owned = ` ${text}`.slice(1);
      copies.set(owned, owned);
      return owned;
    };
    const self = this as { -readonly [K in keyof StreamElement]: StreamElement[K] };
    self.name = copy(this.name);
    self.qname = this.qname === this.name ? self.name : copy(this.qname);
    if (this.text !== '') this.text = copy(this.text);
    if (this.attributes !== NO_ATTRIBUTES)
      for (const key of Object.keys(this.attributes))
        this.attributes[key] = copy(this.attributes[key] ?? '');
    for (const child of this.children) if (child instanceof StreamElement) child.own(copies);
  }
}

const BLANK = /^\s+$/;

/**
 * Makes an element and its subtree independent of the text chunks they were read from (see
 * `StreamElement.own`): for the parts of a file kept alive while the rest streams.
 */
export function ownElement(element: XmlElement): void {
  if (element instanceof StreamElement) element.own();
}

/**
 * Starts a streaming read. Problems are reported with the line they were found on; the first
 * one ends the read (later writes return it again).
 */
export function createXmlTreeStream(handlers: XmlStreamHandlers = {}): XmlTreeStream {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  let startLine = 1;
  let problem: XmlProblem | undefined;
  const stop = (message: string, line = parser.line): never => {
    throw new StopParse({ message, line });
  };
  parser.on('error', (err) => {
    // an undeclared entity stays as written, as in parseXml: no entity is ever expanded
    if (/undefined entity/.test(err.message)) return;
    stop(`not well-formed XML: ${bareMessage(err)}`);
  });
  parser.on('doctype', (doctype) => {
    // reported where it starts: saxes reads it whole, to its closing `>`
    const lines = doctype.split('\n').length - 1;
    stop(
      'the file declares a DOCTYPE; a REFI-QDA file has none, and iwa reads no DTD',
      parser.line - lines,
    );
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (stack.length >= MAX_XML_DEPTH) {
      stop(
        `elements are nested more than ${MAX_XML_DEPTH} deep; a REFI-QDA file never is, so it is refused`,
      );
    }
    const parent = stack[stack.length - 1];
    const name = localName(tag.name);
    let n = 0;
    if (parent !== undefined) {
      parent.counts ??= new Map();
      n = (parent.counts.get(name) ?? 0) + 1;
      parent.counts.set(name, n);
    }
    const element = new StreamElement(
      name,
      { qname: tag.name, attributes: tag.attributes, line: startLine },
      { parent: parent?.element, n },
    );
    stack.push({ element, counts: undefined });
    handlers.onOpen?.(element, stack.length - 1);
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.element.text += text;
  });
  parser.on('cdata', (text) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.element.text += text;
  });
  parser.on('closetag', () => {
    const closed = stack.pop();
    if (closed === undefined) return;
    const depth = stack.length;
    const parent = stack[stack.length - 1];
    closed.element.trim();
    const taken = handlers.onClose?.(closed.element, depth, parent?.element) ?? false;
    if (parent === undefined) root = closed.element;
    else if (!taken) parent.element.add(closed.element);
  });
  const run = (step: () => void): XmlProblem | undefined => {
    if (problem !== undefined) return problem;
    try {
      step();
    } catch (err) {
      if (!(err instanceof StopParse)) throw err;
      problem = err.problem;
    }
    return problem;
  };
  return {
    write: (text) => run(() => parser.write(text)),
    close: () => {
      const stopped = run(() => parser.close());
      if (stopped !== undefined) return { problem: stopped };
      if (root === undefined) return { problem: { message: 'the file has no root element' } };
      return { root };
    },
  };
}
