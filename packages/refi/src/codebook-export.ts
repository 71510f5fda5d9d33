import { XMLBuilder } from 'fast-xml-parser';
import { childCodes, type Codebook, type CodebookCode } from '@iwa/taxonomy';
import { CODEBOOK_NAMESPACE, pillarSets, qdcDescription, qdcOrigin } from './codebook-format.ts';

type Node = Record<string, unknown>;

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

function element(name: string, attributes: Record<string, string>, children: Node[] = []): Node {
  return { [name]: children, ':@': attributes };
}

function textElement(name: string, text: string): Node {
  return { [name]: [{ '#text': text }] };
}

/** Attribute text on one line: XML parsers turn line breaks in attributes into spaces anyway. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function codeNode(codebook: Codebook, code: CodebookCode): Node {
  const attributes: Record<string, string> = {
    guid: code.guid,
    name: oneLine(code.label),
    isCodable: String(code.isCodable),
  };
  if (code.color) attributes.color = code.color;
  return element('Code', attributes, [
    textElement('Description', qdcDescription(code)),
    ...childCodes(codebook, code.key).map((child) => codeNode(codebook, child)),
  ]);
}

/**
 * Writes a codebook as a REFI-QDA codebook (`.qdc`, QDA-XML codebook 1.0): every code nested
 * under its parent, with its GUID, name, codability, colour and a description (definition,
 * source, key), followed by iwa's pillar sets. The output is valid against the Codebook XSD,
 * deterministic (the same codebook gives the same bytes) and meant to be written as UTF-8
 * without a BOM.
 *
 * @example
 * writeFileSync('frameworks.qdc', writeCodebookQdc(frameworkCodebook()));
 */
export function writeCodebookQdc(codebook: Codebook): string {
  const sets = pillarSets(codebook);
  const byKey = new Map(codebook.codes.map((c) => [c.key, c]));
  const children: Node[] = [
    element(
      'Codes',
      {},
      childCodes(codebook, null).map((code) => codeNode(codebook, code)),
    ),
  ];
  if (sets.length > 0) {
    children.push(
      element(
        'Sets',
        {},
        sets.map((set) =>
          element('Set', { guid: set.guid, name: set.name }, [
            textElement('Description', set.description),
            ...set.memberKeys.flatMap((key) => {
              const guid = byKey.get(key)?.guid;
              return guid ? [element('MemberCode', { guid })] : [];
            }),
          ]),
        ),
      ),
    );
  }
  const document = [
    element('?xml', { version: '1.0', encoding: 'utf-8' }, [{ '#text': '' }]),
    element(
      'CodeBook',
      { xmlns: CODEBOOK_NAMESPACE, origin: oneLine(qdcOrigin(codebook)) },
      children,
    ),
  ];
  return `${builder.build(document).trim()}\n`;
}
