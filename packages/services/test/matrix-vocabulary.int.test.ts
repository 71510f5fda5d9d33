import { writeDocuments, writeStudyManifest } from '@iwa/graph';
import { graphTest } from '@iwa/testing';
import { codedStudy } from '@iwa/testing/coded-study';
import { describe, expect } from 'vitest';
import {
  loadStudyVocabulary,
  matrixReport,
  ServiceError,
  type MatrixRequest,
} from '../src/index.ts';

/*
 * `iwa matrix` lets matrixReport load the vocabulary itself, and it then leaves out the
 * catalogue's documents and relations when the request names only code families and actor
 * dimensions. The report must be the one computed with the whole vocabulary (what the explorer
 * passes), for requests with and without document dimensions, and a misspelt name must still
 * be told every dimension the study has, document variables included.
 */

describe('matrixReport with the vocabulary it loads itself', () => {
  graphTest(
    'gives the report of the whole vocabulary, and names every dimension on a misspelling',
    async ({ graph, studyId }) => {
      const study = codedStudy(studyId, 11);
      await writeStudyManifest(graph, { manifest: study.manifest, codes: study.codes });
      await writeDocuments(graph, { studyId, bundles: study.bundles });
      const whole = await loadStudyVocabulary(graph, studyId);
      expect(whole.without.size).toBe(0);
      const phases = [...new Set(Object.values(study.phase))].sort();
      expect(phases.length).toBeGreaterThan(1);

      const requests: MatrixRequest[] = [
        { studyId, rows: 'role', cols: 'form' },
        { studyId, rows: 'sector', cols: 'purpose', by: 'performer', coders: { coders: ['kari'] } },
        { studyId, rows: 'role', cols: 'form', where: ['purpose=creating'], unit: 'informants' },
        // document dimensions: the documents are loaded
        { studyId, rows: 'phase', cols: 'form' },
        { studyId, rows: 'role', cols: 'form', where: [`phase=${phases[0]}`] },
        { studyId, rows: 'role', cols: 'form', split: 'phase' },
      ];
      for (const request of requests) {
        const own = await matrixReport(graph, request);
        const given = await matrixReport(graph, request, whole);
        expect(own, JSON.stringify(request)).toEqual(given);
        expect(given.tables[0]?.total, JSON.stringify(request)).toBeGreaterThan(0);
      }

      // a misspelt dimension: the error lists the document variable too
      const typo = await matrixReport(graph, { studyId, rows: 'phse', cols: 'form' }).catch(
        (err: unknown) => err,
      );
      expect(typo).toBeInstanceOf(ServiceError);
      expect(String((typo as Error).message)).toContain('did you mean "phase"');
      const value = await matrixReport(graph, {
        studyId,
        rows: 'role',
        cols: 'form',
        where: ['phase=no-such-phase'],
      }).catch((err: unknown) => err);
      expect(value).toBeInstanceOf(ServiceError);
      expect(String((value as Error).message)).toContain(phases[0]);
    },
  );

  graphTest(
    'a vocabulary without its documents refuses to list them',
    async ({ graph, studyId }) => {
      const study = codedStudy(studyId, 12);
      await writeStudyManifest(graph, { manifest: study.manifest, codes: study.codes });
      await writeDocuments(graph, { studyId, bundles: study.bundles });
      const partial = await loadStudyVocabulary(graph, studyId, {
        naming: { dimensions: ['role', 'form'], conditions: [], by: 'speaker' },
      });
      expect([...partial.without].sort()).toEqual(['documents', 'relations']);
      expect(() => partial.documents).toThrow(/without its documents/);
      expect(() => partial.relationsPresent).toThrow(/without its relations/);
      const needing = await loadStudyVocabulary(graph, studyId, {
        naming: { dimensions: ['role', 'form'], conditions: ['phase!=x'], by: 'speaker' },
      });
      expect(needing.without.size).toBe(0);
      expect(needing.documents.length).toBe(study.bundles.length);
    },
  );
});
