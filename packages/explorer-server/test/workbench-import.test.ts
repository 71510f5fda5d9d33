import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  documentText,
  speakerLabels,
  studyIdFromName,
  transcriptBundle,
} from '../src/workbench-import.ts';

const labels = speakerLabels({ speakers: [{ id: 'Interviewer' }], informants: ['M01'] });

describe('documents added from the browser', () => {
  it('reads a .docx through mammoth, one paragraph per line, with speaker turns', async () => {
    const bytes = readFileSync(new URL('./fixtures/interview.docx', import.meta.url));
    const text = await documentText('interview.docx', bytes);
    expect(text).toBe('Interviewer: How did it start? 🙂\nM01: We moved the job specialist.\n');
    const { bundle } = transcriptBundle({ fileName: 'interview.docx', text, labels });
    expect(bundle.document.id).toBe('interview');
    expect(bundle.document.turns.map((t) => [t.speaker.id, t.start, t.end])).toEqual([
      ['Interviewer', 0, 33],
      ['M01', 33, 67],
    ]);
  });

  it('reads text files as the importer does: BOM dropped, CRLF to LF, strict UTF-8', async () => {
    const bytes = new TextEncoder().encode('\ufeffI: Hi 🙂\r\nM01: Yes.\r\n');
    expect(await documentText('a.txt', bytes)).toBe('I: Hi 🙂\nM01: Yes.\n');
    await expect(documentText('b.txt', new Uint8Array([0x4d, 0xe6, 0x0a]))).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(documentText('c.docx', bytes)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('refuses an unknown speaker id, as an import does', () => {
    expect(() => transcriptBundle({ fileName: 'x.txt', text: 'Q07: who?\n', labels })).toThrow(
      /Q07/,
    );
  });

  it('makes study ids from names', () => {
    expect(studyIdFromName('IPS pilot 2026 — Ålesund')).toBe('ips-pilot-2026-alesund');
    expect(studyIdFromName('!!!')).toBe('study');
  });
});
