import {
  codeFamily,
  codeName,
  formatSource,
  FORMS_OF_WORK,
  IWA_NAMESPACE,
  LNS_FORMS,
  PILLARS,
  uuidv5,
  type Codebook,
  type CodebookCode,
} from '@iwa/taxonomy';

/** The namespace of a REFI-QDA codebook (QDA-XML codebook 1.0). */
export const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';

/**
 * The `origin` attribute iwa writes: `iwa codebook: <name> (version <version>)`, so a re-import
 * gets the codebook's name and version back.
 */
export function qdcOrigin(codebook: Pick<Codebook, 'name' | 'version'>): string {
  return `iwa codebook: ${codebook.name} (version ${codebook.version})`;
}

/** The name and version in an `origin` that iwa wrote, or undefined for another tool's. */
export function parseQdcOrigin(origin: string): { name: string; version: string } | undefined {
  const match = /^iwa codebook: (.+) \(version ([^()]+)\)$/.exec(origin.trim());
  return match ? { name: match[1] ?? '', version: match[2] ?? '' } : undefined;
}

/** The last line of every description iwa writes, naming the code's key. It survives tools that re-mint GUIDs. */
export const KEY_LINE =
  /(?:^|\n)[ \t]*iwa key:[ \t]*([a-z][a-z0-9_]*(?:\.[a-z0-9][a-z0-9_]*)?)[ \t]*$/;

/** A code's `<Description>`: its definition, for framework codes what it links to and its source, then its key. */
export function qdcDescription(code: CodebookCode): string {
  const parts: string[] = [];
  if (code.definition) parts.push(code.definition);
  const notes: string[] = [];
  const family = codeFamily(code.key);
  // a framework folder (`lns`, `form`) has no name of its own
  const name = family === code.key ? '' : codeName(code.key);
  if (code.origin === 'framework' && family === 'lns' && name) {
    const form = LNS_FORMS.find((f) => f.key === name);
    if (form) {
      const pillars = form.pillars.map((p) =>
        PILLARS.find((e) => e.key === p)?.label.toLowerCase(),
      );
      notes.push(`Purpose: ${form.purpose}. Works on the ${pillars.join(' and ')}.`);
    }
  }
  if (code.origin === 'framework' && family === 'form' && name) {
    const underpins = FORMS_OF_WORK.find((f) => f.key === name)?.underpins ?? [];
    if (underpins.length > 0) notes.push(`Underpins ${underpins.join(', ')} work.`);
  }
  if (code.source) notes.push(`Source: ${formatSource(code.source)}.`);
  if (notes.length > 0) parts.push(notes.join('\n'));
  parts.push(`iwa key: ${code.key}`);
  return parts.join('\n\n');
}

/** The definition in a description iwa wrote (or any description, with a key line or without). */
export function splitDescription(description: string): { definition: string; key?: string } {
  const match = KEY_LINE.exec(description.trimEnd());
  if (!match) return { definition: description.trim() };
  return { definition: description.trimEnd().slice(0, match.index).trim(), key: match[1] ?? '' };
}

/** A set iwa adds to an export, with its member codes. */
export interface QdcSet {
  guid: string;
  name: string;
  description: string;
  memberKeys: string[];
}

/**
 * The sets iwa adds to an export: for each of Scott's pillars, the L&S forms that work on it.
 * Tools show them as code sets or groups; iwa recognises them on import by GUID.
 */
export const PILLAR_SETS: readonly QdcSet[] = PILLARS.map((pillar) => ({
  guid: uuidv5(`set:pillar.${pillar.key}`, IWA_NAMESPACE),
  name: `L&S forms on the ${pillar.label.toLowerCase()}`,
  description: `The forms of Lawrence & Suddaby (2006) that work on Scott's ${pillar.label.toLowerCase()}.`,
  memberKeys: LNS_FORMS.filter((f) => f.pillars.includes(pillar.key)).map((f) => `lns.${f.key}`),
}));

/** The pillar sets a codebook gets: all three when it has both the `lns` and `pillar` families, else none. */
export function pillarSets(codebook: Codebook): readonly QdcSet[] {
  return codebook.frameworks.includes('lns') && codebook.frameworks.includes('pillar')
    ? PILLAR_SETS
    : [];
}
