import { fileURLToPath } from 'node:url';
import { readStudyFolder, type StudyReadResult } from '@iwa/study';

/** The ids of the example studies. */
export const EXAMPLE_IDS = ['ips-norway', 'collab-meetings'] as const;

/** One example study id: `ips-norway` or `collab-meetings`. */
export type ExampleId = (typeof EXAMPLE_IDS)[number];

/** An example study: its id, a title and what it shows. */
export interface ExampleStudy {
  readonly id: ExampleId;
  readonly title: string;
  readonly description: string;
  /** The absolute path of its study folder. */
  readonly path: string;
}

// One literal URL per study so bundlers and `files` see them; `../studies` resolves from
// both src/ and dist/.
const folders: Readonly<Record<ExampleId, URL>> = {
  'ips-norway': new URL('../studies/ips-norway/', import.meta.url),
  'collab-meetings': new URL('../studies/collab-meetings/', import.meta.url),
};

/**
 * The absolute path of an example study folder, ready for `readStudyFolder` or
 * `iwa study import`.
 *
 * @example
 * const res = await readStudyFolder(examplePath('ips-norway'));
 */
export function examplePath(id: ExampleId): string {
  return fileURLToPath(folders[id]).replace(/[\\/]$/, '');
}

/** The example studies, with titles and descriptions for listings. */
export const EXAMPLES: readonly ExampleStudy[] = [
  {
    id: 'ips-norway',
    title: 'Employment support in Norwegian mental health care (synthetic)',
    description:
      'Twenty invented interviews with managers and advisors in health services, Nav offices and directorates who bring individual placement and support (IPS) into mental health care: six collaborations in different change phases, actor relations with evidence, and claims about who does which institutional work.',
    path: examplePath('ips-norway'),
  },
  {
    id: 'collab-meetings',
    title: 'Collaboration meetings around jobseekers (synthetic)',
    description:
      'Seven invented collaboration meetings of therapists, Nav counsellors, employment specialists and jobseekers at two IPS teams, coded independently by two coders, with the study’s own positions, themes and phase model.',
    path: examplePath('collab-meetings'),
  },
];

/**
 * Reads an example study folder with `readStudyFolder`.
 *
 * @example
 * const res = await readExample('collab-meetings');
 * if (res.ok) console.log(res.study.documents.length);
 */
export function readExample(id: ExampleId): Promise<StudyReadResult> {
  return readStudyFolder(examplePath(id));
}
