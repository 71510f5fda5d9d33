import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { QdpxIssue } from './qdpx-types.ts';
import type { ZipReader } from './qdpx-zip.ts';
import { zipIssue } from './qdpx-read-context.ts';
import { createXmlTreeStream, type XmlStreamHandlers } from './xml-stream.ts';
import { decodeXmlBytes, xmlEncodingOf, type XmlElement, type XmlProblem } from './xml-tree.ts';

/*
 * project.qde read as a stream: decompressed, decoded and parsed chunk by chunk, so neither its
 * bytes nor its text are ever held whole. The handlers take the elements the caller reads as
 * they close (the sources).
 */

/** The parsed project file (without what the handlers took), or its issues. */
export type ProjectFileRead =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly errors: QdpxIssue[] };

/** The issue for a problem decoding or parsing the project file. */
function xmlIssue(entry: string, problem: XmlProblem, code: QdpxIssue['code']): QdpxIssue {
  return {
    code,
    message: problem.message,
    entry,
    ...(problem.line === undefined ? {} : { line: problem.line }),
    ...(problem.path === undefined ? {} : { element: problem.path }),
  };
}

/** sha256 of an entry's bytes, read as a stream (iwa's extension names the project file by it). */
export async function entryHash(
  reader: ZipReader,
  entry: string,
): Promise<{ ok: true; hash: string } | { ok: false; errors: QdpxIssue[] }> {
  const hash = createHash('sha256');
  const stream = reader.stream(entry);
  for (;;) {
    const next = await stream.next();
    if (next.done) {
      return next.value === undefined
        ? { ok: true, hash: `sha256:${hash.digest('hex')}` }
        : { ok: false, errors: [zipIssue(next.value)] };
    }
    hash.update(next.value);
  }
}

/** Bytes enough to read a BOM and the XML declaration's encoding. */
const HEAD_BYTES = 200;

/** The decoding problem of the whole entry, read again only when a chunk failed to decode. */
async function decodingIssue(reader: ZipReader, entry: string): Promise<QdpxIssue> {
  const bytes = await reader.read(entry);
  if (!bytes.ok) return zipIssue(bytes.problem);
  const decoded = decodeXmlBytes(bytes.bytes);
  const problem =
    'problem' in decoded ? decoded.problem : { message: 'the bytes cannot be decoded' };
  return xmlIssue(
    entry,
    problem,
    problem.message.includes('not valid utf-8') ? 'invalid_utf8' : 'invalid_xml',
  );
}

/**
 * Reads the project file as a stream through the handlers. Bad bytes, bad XML (with its line),
 * a DOCTYPE and nesting deeper than the limit are issues; nothing else is.
 */
export async function readProjectFile(
  reader: ZipReader,
  entry: string,
  handlers: XmlStreamHandlers,
): Promise<ProjectFileRead> {
  const xml = createXmlTreeStream(handlers);
  const fail = (problem: XmlProblem): ProjectFileRead => ({
    ok: false,
    errors: [xmlIssue(entry, problem, /DOCTYPE/.test(problem.message) ? 'doctype' : 'invalid_xml')],
  });
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let head: Buffer[] = [];
  let headBytes = 0;
  let first = true;
  const feed = (bytes: Buffer, stream: boolean): XmlProblem | 'undecodable' | undefined => {
    if (decoder === undefined) {
      const encoding = xmlEncodingOf(bytes);
      try {
        decoder = new TextDecoder(encoding, { fatal: true });
      } catch (err) {
        if (err instanceof RangeError) return { message: `unknown encoding "${encoding}"` };
        throw err;
      }
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream });
    } catch (err) {
      if (err instanceof TypeError) return 'undecodable';
      throw err;
    }
    if (first && text.length > 0) {
      first = false;
      text = text.replace(/^\uFEFF/, '');
    }
    return xml.write(text);
  };
  const stream = reader.stream(entry);
  for (;;) {
    const next = await stream.next();
    let fed: ReturnType<typeof feed>;
    if (next.done) {
      if (next.value !== undefined) return { ok: false, errors: [zipIssue(next.value)] };
      fed = feed(Buffer.concat(head, headBytes), false);
    } else if (decoder === undefined && headBytes + next.value.length < HEAD_BYTES) {
      head.push(next.value);
      headBytes += next.value.length;
      continue;
    } else {
      fed = feed(head.length > 0 ? Buffer.concat([...head, next.value]) : next.value, true);
      head = [];
      headBytes = 0;
    }
    if (fed === 'undecodable') {
      await stream.return(undefined);
      return { ok: false, errors: [await decodingIssue(reader, entry)] };
    }
    if (fed !== undefined) {
      await stream.return(undefined);
      return fail(fed);
    }
    if (next.done) break;
  }
  const closed = xml.close();
  return 'problem' in closed ? fail(closed.problem) : { ok: true, root: closed.root };
}
