import { DateTime } from '@iwa/study';
import type { KeptExtension } from './qdpx-extension.ts';
import type { RefiMapping } from './qdpx-mapping.ts';
import type { QdpxIssue } from './qdpx-types.ts';
import type { ZipProblem } from './qdpx-zip.ts';
import type { XmlElement } from './xml-tree.ts';

/*
 * What every step of reading project.qde shares: where the issues go, what is not carried, the
 * mapping and iwa's extension, and the small helpers that read elements liberally.
 */

/** The state the manifest's steps share while project.qde is read. */
export interface ReadContext {
  /** The project file's entry name, e.g. `project.qde`. */
  readonly entry: string;
  readonly mapping: RefiMapping;
  readonly warnings: QdpxIssue[];
  readonly errors: QdpxIssue[];
  readonly notCarried: Map<string, { count: number; reason: string }>;
  /** iwa's extension, when it belongs to this project file. */
  readonly ext: KeptExtension | undefined;
  readonly studyId: string;
  /** An issue at an element of this project's file. */
  readonly at: (code: QdpxIssue['code'], message: string, el?: XmlElement) => QdpxIssue;
  /** Counts elements that are read but not carried into the study, with why. */
  readonly skip: (element: string, reason: string, count?: number) => void;
}

/** An attribute by name, case-insensitively (tools differ in case). */
export const attr = (el: XmlElement, name: string): string | undefined => {
  const exact = el.attributes[name];
  if (exact !== undefined) return exact;
  const key = Object.keys(el.attributes).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : el.attributes[key];
};

/** The children with a local name. */
export const kids = (el: XmlElement | undefined, name: string): XmlElement[] =>
  el === undefined ? [] : el.children.filter((c) => c.name === name);

/** The first child with a local name. */
export const kid = (el: XmlElement | undefined, name: string): XmlElement | undefined =>
  kids(el, name)[0];

/** An issue located at an element of the project file. */
export function issueAt(
  code: QdpxIssue['code'],
  message: string,
  where: Partial<QdpxIssue> & { readonly el?: XmlElement | undefined } = {},
): QdpxIssue {
  const { el, ...extra } = where;
  return {
    code,
    message,
    entry: extra.entry ?? 'project.qde',
    ...(el ? { line: el.line, element: el.path } : {}),
    ...extra,
  };
}

/** The read context's issue and not-carried helpers, for its entry and its not-carried map. */
export function contextHelpers(
  entry: string,
  notCarried: ReadContext['notCarried'],
): Pick<ReadContext, 'at' | 'skip'> {
  return {
    at: (code, message, el) => issueAt(code, message, { entry, el }),
    skip: (element, reason, count = 1) => {
      if (count <= 0) return;
      const prev = notCarried.get(element);
      notCarried.set(element, { count: (prev?.count ?? 0) + count, reason });
    },
  };
}

/** A container problem as an issue. */
export function zipIssue(problem: ZipProblem): QdpxIssue {
  return {
    code: problem.code,
    message: problem.message,
    ...(problem.entry === undefined ? {} : { entry: problem.entry }),
  };
}

/** `base`, or `base_2`, `base_3`… when taken; the id is then taken. */
export function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

/** A date-time attribute when it is one, else nothing. */
export function optionalDateTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return DateTime.safeParse(value.trim()).success ? value.trim() : undefined;
}

/**
 * A copy of a string that does not keep the text it was cut from alive. The XML reader's
 * attribute values and texts are slices of the chunk they were read in (V8 keeps the whole chunk
 * for a slice of 13 characters or more), so a GUID kept per coding would keep every chunk of
 * project.qde in memory. Concatenating flattens into a new string; slicing that keeps only it.
 */
export function own<T extends string | undefined>(text: T): T {
  return (text === undefined ? undefined : ` ${text}`.slice(1)) as T;
}

/** An integer attribute when it is one, else nothing. */
export function intAttr(el: XmlElement, name: string): number | undefined {
  const v = attr(el, name)?.trim();
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number.parseInt(v, 10);
}
