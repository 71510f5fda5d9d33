import {
  Color,
  CodebookDefinition,
  codeFamily,
  codeName,
  FRAMEWORK_CODES,
  FrameworkFamily,
  foldDiacritics,
  frameworkCode,
  IWA_NAMESPACE,
  isFrameworkCodeKey,
  normalizeGuid,
  slug,
  StudyCodeKey,
  uuidv5,
  type Codebook,
  type StudyCode,
} from '@iwa/taxonomy';
import { z } from 'zod';
import { parseQdcOrigin, PILLAR_SETS, splitDescription } from './codebook-format.ts';
import { RefiError } from './refi-error.ts';
import { decodeXmlBytes, parseXml, type XmlElement, type XmlProblem } from './xml-tree.ts';

/** How an imported code was matched to a key. */
/**
 * How a code got its key: iwa's GUID, iwa's key line in its description, the full path of names
 * of a framework code (`Cloutier › Structural`), or none (a study code of its own).
 */
export type MatchedBy = 'guid' | 'key' | 'path' | 'none';

/** What became of one `<Code>` of the file. */
export interface QdcCodeMapping {
  /** The key it has in the imported codebook. */
  key: string;
  /** `framework` when it was recognised as a framework code, else `study`. */
  origin: 'framework' | 'study';
  /**
   * How: by the GUID iwa gives the key, by the `iwa key:` line of its description, by its name
   * (framework codes only), or `none` (a study code whose key was made from its name).
   */
  matchedBy: MatchedBy;
  /** Its name in the file. */
  name: string;
  /** Its GUID in the file (lowercase), when it had a valid one. */
  guid?: string;
  line: number;
  element: string;
}

/** A `<Set>` of the file. */
export interface QdcSetImport {
  guid?: string;
  name: string;
  description?: string;
  /** The keys of its member codes. */
  memberKeys: string[];
  /** True for the sets iwa writes itself (the pillar sets), which iwa derives from the frameworks. */
  iwa: boolean;
  line: number;
  element: string;
}

/** What iwa found in a `.qdc` and how it read it. */
export interface ImportedCodebook {
  /** The codebook: the framework families the file uses, complete, and every other code as a study code. */
  codebook: Codebook;
  /** The root's `origin` attribute (the tool that wrote it). */
  origin?: string;
  /** The root's namespace, e.g. `urn:QDA-XML:codebook:1.0`. */
  namespace?: string;
  /** One entry per `<Code>` of the file, in document order. */
  mapping: QdcCodeMapping[];
  sets: QdcSetImport[];
  /** What iwa read liberally: anything not valid against the XSD or otherwise surprising. */
  warnings: XmlProblem[];
}

/** Options for reading a `.qdc`. */
export interface ReadQdcOptions {
  /** The codebook's name when the file does not carry iwa's (e.g. the file name). */
  name?: string;
  /** The codebook's version when the file does not carry iwa's. */
  version?: string;
}

interface RawCode {
  name: string;
  guid: string | undefined;
  isCodable: boolean;
  color: string | undefined;
  description: string | undefined;
  parent: number | undefined;
  element: XmlElement;
}

const NAMESPACE_FAMILY = /^urn:QDA-XML:(codebook|project):/i;

const attribute = (el: XmlElement, name: string): string | undefined => {
  const key = Object.keys(el.attributes).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : el.attributes[key];
};
const childrenNamed = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

/** A name reduced for matching: case, accents, British/American spelling, `&`/`and`, a trailing "work". */
export function normalizeCodeName(name: string): string {
  return foldDiacritics(name.replace(/\s*\([^)]*\)\s*$/, ''))
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/([a-z])is(e|es|ed|ing|ation|ations)\b/g, '$1iz$2')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w !== '' && w !== 'and' && w !== 'the')
    .join(' ')
    .replace(/ (work|pillar|institutions)$/, '');
}

const FRAMEWORK_BY_NAME: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const code of FRAMEWORK_CODES) {
    const names = [code.label];
    if (code.isCodable) names.push(codeName(code.key).replaceAll('_', ' '));
    for (const name of names) map.set(normalizeCodeName(name), code.key);
  }
  return map;
})();

/** The framework key a name stands for, e.g. `Valorising & demonising` → `lns.valorizing_and_demonizing`. */
export function frameworkKeyForName(name: string): string | undefined {
  return FRAMEWORK_BY_NAME.get(normalizeCodeName(name));
}

/** Names a framework's top folders go by in other tools' projects, beside their labels. */
const FRAMEWORK_FOLDER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  form: ['Forms of work', 'Cloutier', 'Cloutier et al', 'Cloutier et al. 2015', 'form', 'forms'],
  purpose: ['Purposes', 'Purposes of institutional work', 'purpose'],
  lns: [
    'Forms of institutional work',
    'Lawrence & Suddaby',
    'Lawrence and Suddaby',
    'Lawrence & Suddaby 2006',
    'lns',
  ],
  pillar: ['Pillars', 'Pillars of institutions', 'Scott', 'Scott 2014', 'pillar', 'pillars'],
};

/** The names one framework code goes by: its label, its key's last part, a folder's aliases. */
function frameworkNames(key: string): Set<string> {
  const code = FRAMEWORK_CODES.find((c) => c.key === key);
  const names = new Set<string>();
  if (code === undefined) return names;
  names.add(normalizeCodeName(code.label));
  names.add(normalizeCodeName(codeName(key).replaceAll('_', ' ')));
  for (const alias of FRAMEWORK_FOLDER_ALIASES[key] ?? []) names.add(normalizeCodeName(alias));
  return names;
}

const FRAMEWORK_NAMES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  FRAMEWORK_CODES.map((c) => [c.key, frameworkNames(c.key)]),
);

/**
 * The framework key a code's full path of names stands for, or undefined: every name from the
 * root down must name the framework code at that level (its label, its key's last part, or a
 * top folder's alias such as "Cloutier"). So `Cloutier › Structural` and `Forms of work ›
 * Structural work` are `form.structural`, but a bare `Structural`, or `Educating` inside a
 * project's own `Classroom practices` folder, is no framework code.
 */
export function frameworkKeyForPath(path: readonly string[]): string | undefined {
  if (path.length === 0) return undefined;
  let candidates = FRAMEWORK_CODES.filter((c) => c.parentKey === null);
  let match: string | undefined;
  for (const name of path) {
    const n = normalizeCodeName(name);
    const found = candidates.filter((c) => FRAMEWORK_NAMES.get(c.key)?.has(n) === true);
    if (found.length !== 1 || found[0] === undefined) return undefined;
    match = found[0].key;
    candidates = FRAMEWORK_CODES.filter((c) => c.parentKey === match);
  }
  return match;
}

/** A framework code's path of labels from its framework's root: `Forms of work › Structural work`. */
function frameworkPath(key: string): string {
  const labels: string[] = [];
  for (let code = frameworkCode(key); code !== undefined;) {
    labels.unshift(code.label);
    code = code.parentKey === null ? undefined : frameworkCode(code.parentKey);
  }
  return labels.join(' › ');
}

function readCodes(codes: XmlElement, warnings: XmlProblem[], problems: XmlProblem[]): RawCode[] {
  const raw: RawCode[] = [];
  const seenGuids = new Set<string>();
  const visit = (el: XmlElement, parent: number | undefined) => {
    const at = { line: el.line, path: el.path };
    const name = attribute(el, 'name')?.trim();
    if (!name) problems.push({ message: '<Code> has no name', ...at });
    const guidText = attribute(el, 'guid');
    let guid = guidText === undefined ? undefined : normalizeGuid(guidText);
    if (guidText === undefined)
      warnings.push({ message: '<Code> has no guid; iwa gives it one', ...at });
    else if (guid === undefined)
      warnings.push({
        message: `"${guidText}" is not a GUID; iwa gives the code a new one`,
        ...at,
      });
    else if (seenGuids.has(guid)) {
      warnings.push({
        message: `GUID ${guid} is used twice; iwa gives this code a new one`,
        ...at,
      });
      guid = undefined;
    }
    if (guid) seenGuids.add(guid);
    const codableText = attribute(el, 'isCodable')?.trim().toLowerCase();
    let isCodable = true;
    if (codableText === 'false' || codableText === '0') isCodable = false;
    else if (codableText !== 'true' && codableText !== '1') {
      warnings.push({
        message: `isCodable is ${codableText === undefined ? 'missing' : `"${codableText}"`}; read as true`,
        ...at,
      });
    }
    const colorText = attribute(el, 'color');
    const color = colorText === undefined ? undefined : Color.safeParse(colorText.trim()).data;
    if (colorText !== undefined && color === undefined) {
      warnings.push({ message: `colour "${colorText}" is not #RRGGBB or #RGB; left out`, ...at });
    }
    const description = childrenNamed(el, 'Description')
      .map((d) => d.text)
      .join('\n')
      .trim();
    for (const child of el.children) {
      if (!['Description', 'Code', 'NoteRef'].includes(child.name)) {
        warnings.push({
          message: `<${child.qname}> is not part of a code; ignored`,
          line: child.line,
          path: child.path,
        });
      }
    }
    const index = raw.length;
    raw.push({
      name: name ?? '',
      guid,
      isCodable,
      color,
      description: description || undefined,
      parent,
      element: el,
    });
    for (const child of childrenNamed(el, 'Code')) visit(child, index);
  };
  for (const el of codes.children) {
    if (el.name === 'Code') visit(el, undefined);
    else
      warnings.push({
        message: `<${el.qname}> is not a code; ignored`,
        line: el.line,
        path: el.path,
      });
  }
  return raw;
}

/** Assigns every raw code a key: framework codes by GUID, then key line, then full path of names; the rest become study codes. */
function assignKeys(raw: RawCode[]): { keys: string[]; matchedBy: MatchedBy[] } {
  const keys: (string | undefined)[] = raw.map(() => undefined);
  const matchedBy: MatchedBy[] = raw.map(() => 'none');
  const taken = new Set<string>();
  const assign = (i: number, key: string, how: MatchedBy) => {
    keys[i] = key;
    matchedBy[i] = how;
    taken.add(key);
  };
  const frameworkByGuid = new Map(FRAMEWORK_CODES.map((c) => [c.guid, c.key]));
  raw.forEach((code, i) => {
    const key = code.guid === undefined ? undefined : frameworkByGuid.get(code.guid);
    if (key !== undefined && !taken.has(key)) assign(i, key, 'guid');
  });
  raw.forEach((code, i) => {
    if (keys[i] !== undefined || code.description === undefined) return;
    const key = splitDescription(code.description).key;
    if (key === undefined || taken.has(key)) return;
    const how: MatchedBy = code.guid === uuidv5(key, IWA_NAMESPACE) ? 'guid' : 'key';
    if (isFrameworkCodeKey(key)) assign(i, key, how);
    else if (
      StudyCodeKey.safeParse(key).success &&
      !FrameworkFamily.safeParse(codeFamily(key)).success
    ) {
      assign(i, key, how);
    }
  });
  // only the full path of names matches a framework code (as in a .qdpx): a bare "Educating"
  // in a folder of the project's own is the project's code, never merged into lns.educating
  const pathOf = (i: number): string[] => {
    const names: string[] = [];
    for (let at: number | undefined = i; at !== undefined; at = raw[at]?.parent)
      names.unshift(raw[at]?.name ?? '');
    return names;
  };
  raw.forEach((_code, i) => {
    if (keys[i] !== undefined) return;
    const key = frameworkKeyForPath(pathOf(i));
    if (key !== undefined && !taken.has(key)) assign(i, key, 'path');
  });
  raw.forEach((code, i) => {
    if (keys[i] !== undefined) return;
    const base = `code.${slug(code.name) || 'unnamed'}`;
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
    assign(i, key, 'none');
  });
  return { keys: keys as string[], matchedBy };
}

function readSets(
  root: XmlElement,
  known: { guidToKey: ReadonlyMap<string, string>; iwaSetGuids: ReadonlySet<string> },
  warnings: XmlProblem[],
): QdcSetImport[] {
  const { guidToKey, iwaSetGuids } = known;
  const out: QdcSetImport[] = [];
  for (const sets of childrenNamed(root, 'Sets')) {
    const members = childrenNamed(sets, 'Set');
    if (members.length === 0) {
      warnings.push({
        message: 'empty <Sets/> (the XSD wants at least one <Set>); ignored',
        line: sets.line,
        path: sets.path,
      });
    }
    for (const set of members) {
      const guid = normalizeGuid(attribute(set, 'guid') ?? '');
      const name = attribute(set, 'name')?.trim() ?? '';
      const memberKeys: string[] = [];
      for (const member of set.children.filter((c) => c.name === 'MemberCode')) {
        const ref = normalizeGuid(
          attribute(member, 'guid') ?? attribute(member, 'targetGUID') ?? '',
        );
        const key = ref === undefined ? undefined : guidToKey.get(ref);
        if (key === undefined) {
          warnings.push({
            message: 'a <MemberCode> names no code of this codebook; ignored',
            line: member.line,
            path: member.path,
          });
        } else memberKeys.push(key);
      }
      const description = childrenNamed(set, 'Description')
        .map((d) => d.text.trim())
        .join('\n');
      out.push({
        ...(guid ? { guid } : {}),
        name,
        ...(description ? { description } : {}),
        memberKeys,
        iwa: guid !== undefined && iwaSetGuids.has(guid),
        line: set.line,
        element: set.path,
      });
    }
  }
  return out;
}

/**
 * The `<CodeBook>` of a .qdc (or of a project file's, with a warning): decoded, parsed, and its
 * root checked. Reports a problem through `fail` and returns undefined when there is none.
 */
function readCodebookRoot(
  input: string | Uint8Array,
  fail: (problem: XmlProblem) => void,
  warnings: XmlProblem[],
): { parsed: { root: XmlElement }; root: XmlElement } | undefined {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const decoded = decodeXmlBytes(input);
    if ('problem' in decoded) return void fail(decoded.problem);
    text = decoded.text;
  }
  text = text.replace(/^\uFEFF/, '');
  const parsed = parseXml(text);
  if ('problem' in parsed) return void fail(parsed.problem);

  let root = parsed.root;
  if (root.name === 'Project') {
    const inner = childrenNamed(root, 'CodeBook')[0];
    if (!inner)
      return void fail({
        message: 'a <Project> without a <CodeBook>',
        line: root.line,
        path: root.path,
      });
    warnings.push({
      message: 'a project file: read its <CodeBook> only',
      line: inner.line,
      path: inner.path,
    });
    root = inner;
  } else if (root.name !== 'CodeBook') {
    return void fail({
      message: `the root element is <${root.qname}>, not <CodeBook>`,
      line: root.line,
      path: root.path,
    });
  }
  return { parsed, root };
}

/**
 * The study's own codes among the file's codes, and the framework families the file uses
 * (a framework code's own, and a framework parent's of a study code). A framework code kept in
 * its framework's place although the file nests it elsewhere is said in `warnings`.
 */
function studyCodesOf(
  raw: readonly RawCode[],
  { keys }: { keys: readonly (string | undefined)[] },
  warnings: XmlProblem[],
): { families: Set<string>; studyCodes: StudyCode[] } {
  const families = new Set<string>();
  const studyCodes: StudyCode[] = [];
  raw.forEach((code, i) => {
    const key = keys[i] ?? '';
    const framework = frameworkCode(key);
    const parentKey = code.parent === undefined ? undefined : keys[code.parent];
    if (framework) {
      families.add(framework.family);
      if (parentKey !== undefined && parentKey !== framework.parentKey) {
        warnings.push({
          message: `"${code.name}" (${key}) sits under "${raw[code.parent ?? 0]?.name}" in the file; iwa keeps it in its framework's place`,
          line: code.element.line,
          path: code.element.path,
        });
      }
      return;
    }
    const { definition } = splitDescription(code.description ?? '');
    studyCodes.push({
      key,
      label: code.name,
      ...(definition ? { definition } : {}),
      ...(parentKey === undefined ? {} : { parent: parentKey }),
      ...(code.color === undefined ? {} : { color: code.color }),
      isCodable: code.isCodable,
      ...(code.guid === undefined || code.guid === uuidv5(key, IWA_NAMESPACE)
        ? {}
        : { guid: code.guid }),
    });
  });
  // A study code under a framework code pulls in that code's family.
  for (const c of studyCodes) {
    const parent = c.parent === undefined ? undefined : frameworkCode(c.parent);
    if (parent) families.add(parent.family);
  }
  return { families, studyCodes };
}

function importQdc(
  input: string | Uint8Array,
  options: ReadQdcOptions,
  ctx: z.RefinementCtx,
): ImportedCodebook | undefined {
  const fail = (problem: XmlProblem) =>
    ctx.addIssue({
      code: 'custom',
      message: `${problem.line ? `line ${problem.line}: ` : ''}${problem.message}${problem.path ? ` (${problem.path})` : ''}`,
      path: problem.path ? [problem.path] : [],
      params: { line: problem.line, element: problem.path },
    });

  const warnings: XmlProblem[] = [];
  const read = readCodebookRoot(input, fail, warnings);
  if (read === undefined) return undefined;
  const { parsed, root } = read;

  const prefix = parsed.root.qname.includes(':') ? parsed.root.qname.split(':')[0] : undefined;
  const namespace = attribute(parsed.root, prefix ? `xmlns:${prefix}` : 'xmlns');
  if (namespace === undefined)
    warnings.push({ message: 'no namespace; read by element names', line: parsed.root.line });
  else if (!NAMESPACE_FAMILY.test(namespace)) {
    warnings.push({
      message: `namespace "${namespace}" is not a REFI-QDA one; read by element names`,
      line: parsed.root.line,
    });
  }
  const origin = attribute(root, 'origin') ?? attribute(parsed.root, 'origin');

  const codesElements = childrenNamed(root, 'Codes');
  const codes = codesElements[0];
  if (!codes)
    return void fail({ message: '<CodeBook> has no <Codes>', line: root.line, path: root.path });
  if (codesElements.length > 1)
    warnings.push({
      message: 'more than one <Codes>; read the first',
      line: codesElements[1]?.line ?? root.line,
    });
  const problems: XmlProblem[] = [];
  const raw = readCodes(codes, warnings, problems);
  if (raw.length === 0)
    warnings.push({
      message: '<Codes> holds no <Code> (the XSD wants at least one)',
      line: codes.line,
      path: codes.path,
    });
  problems.forEach(fail);
  if (problems.length > 0) return undefined;

  const { keys, matchedBy } = assignKeys(raw);
  raw.forEach((code, i) => {
    // named like a framework code but not under its framework's folder: said, never merged
    const named = matchedBy[i] === 'none' ? frameworkKeyForName(code.name) : undefined;
    if (named !== undefined)
      warnings.push({
        message: `"${code.name}" has the name of the framework code ${named} but not its path (${frameworkPath(named)}); it came in as the study code ${keys[i]}. To code with ${named}, give it that path or export the codebook from iwa`,
        line: code.element.line,
        path: code.element.path,
      });
  });
  const { families, studyCodes } = studyCodesOf(raw, { keys }, warnings);

  const fromOrigin = origin === undefined ? undefined : parseQdcOrigin(origin);
  const result = CodebookDefinition.safeParse({
    name: fromOrigin?.name ?? options.name ?? 'Imported codebook',
    version: fromOrigin?.version ?? options.version ?? '1.0.0',
    frameworks: FrameworkFamily.options.filter((f) => families.has(f)),
    codes: studyCodes,
  });
  if (!result.success) {
    for (const issue of result.error.issues) fail({ message: `codebook: ${issue.message}` });
    return undefined;
  }
  const codebook = result.data;

  const guidToKey = new Map<string, string>();
  raw.forEach((code, i) => {
    if (code.guid !== undefined) guidToKey.set(code.guid, keys[i] ?? '');
  });
  const iwaSetGuids = new Set(PILLAR_SETS.map((s) => s.guid));
  const sets = readSets(root, { guidToKey, iwaSetGuids }, warnings);

  return {
    codebook,
    ...(origin === undefined ? {} : { origin }),
    ...(namespace === undefined ? {} : { namespace }),
    mapping: raw.map((code, i) => ({
      key: keys[i] ?? '',
      origin: isFrameworkCodeKey(keys[i] ?? '') ? 'framework' : 'study',
      matchedBy: matchedBy[i] ?? 'none',
      name: code.name,
      ...(code.guid === undefined ? {} : { guid: code.guid }),
      line: code.element.line,
      element: code.element.path,
    })),
    sets,
    warnings,
  };
}

/**
 * A zod schema that reads a REFI-QDA codebook (`.qdc`), as text or bytes, into an
 * {@link ImportedCodebook}. Issues carry the line and element in `params`.
 */
export function qdcCodebookSchema(options: ReadQdcOptions = {}) {
  return z
    .union([z.string(), z.instanceof(Uint8Array)])
    .transform((input, ctx) => importQdc(input, options, ctx) ?? z.NEVER);
}

/**
 * Reads a `.qdc` and maps it onto iwa's codebook, as liberally as real files need: the namespace
 * variants (`urn:QDA-XML:codebook:1.0`, `1:0`, `0:4`) or none, a BOM, uppercase or braced GUIDs,
 * an empty `<Sets/>`, codable parents. Codes are matched to framework keys by GUID, then by the
 * `iwa key:` line iwa writes, then by name; every other code becomes a study code, never dropped.
 * Returns zod's safe-parse result: `{ success: true, data }` or `{ success: false, error }`.
 */
export function safeReadCodebookQdc(input: string | Uint8Array, options: ReadQdcOptions = {}) {
  return qdcCodebookSchema(options).safeParse(input);
}

/**
 * Like {@link safeReadCodebookQdc}, but throws a {@link RefiError} (`invalid_qdc`) that lists every
 * problem with its line and element.
 */
export function readCodebookQdc(
  input: string | Uint8Array,
  options: ReadQdcOptions = {},
): ImportedCodebook {
  const result = safeReadCodebookQdc(input, options);
  if (result.success) return result.data;
  throw new RefiError(
    'invalid_qdc',
    `Invalid REFI-QDA codebook:\n${result.error.issues.map((i) => `  ${i.message}`).join('\n')}`,
    {
      cause: result.error,
    },
  );
}
