import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const codebookXsd = readFileSync(new URL('./fixtures/xsd/Codebook.xsd', import.meta.url), 'utf8');

/** Validates a .qdc against the REFI-QDA Codebook XSD with libxml2 (compiled to WebAssembly). */
export async function validateQdc(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: [{ fileName: 'codebook.qdc', contents: xml }],
    schema: [{ fileName: 'Codebook.xsd', contents: codebookXsd }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}
