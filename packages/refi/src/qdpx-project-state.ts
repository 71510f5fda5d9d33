import type { ActorRef, StudyManifest } from '@iwa/study';
import type { RefiMappingInput } from './qdpx-mapping.ts';
import type { KeptExtension } from './qdpx-extension.ts';
import type { PendingMemo } from './qdpx-read-notes.ts';
import type { RawSource } from './qdpx-read-sources.ts';
import type { SpeakerRules } from './qdpx-speakers.ts';
import type { QdpxImportReport, QdpxIssue, QdpxNotCarried, QdpxOffsetUnit } from './qdpx-types.ts';
import type { ZipInput, ZipLimits } from './qdpx-zip.ts';

/** Options for reading a `.qdpx`. */
export interface ReadQdpxOptions {
  /** How codes and variables map to iwa (a parsed mapping file); see {@link RefiMapping}. */
  readonly mapping?: RefiMappingInput;
  /** The offset unit of the selections; default `auto` (detected per document). */
  readonly offsetUnit?: QdpxOffsetUnit | 'auto';
  /** The study id; default iwa's extension's, else a slug of the project name. */
  readonly studyId?: string;
  /** Zip-bomb limits; defaults 500 MB per entry, 2 GB in all, ratio 200. */
  readonly limits?: Partial<ZipLimits>;
  /** Use iwa's extension entry when it belongs to this project.qde. Default true. */
  readonly extension?: boolean;
  /** The coder of Codings that name none. Default `unknown`. */
  readonly defaultCoderId?: string;
}

/** A `.qdpx` whose project.qde has been read and checked: the manifest, ready to stream documents. */
export interface QdpxProject {
  readonly manifest: StudyManifest;
  /** What the import did; filled in further while documents are read. */
  readonly report: QdpxImportReport;
}

/** What the documents of a project need from its manifest read (kept out of the public object). */
export interface ProjectState {
  readonly input: ZipInput;
  readonly limits: ZipLimits;
  readonly studyId: string;
  readonly sources: RawSource[];
  readonly forced: QdpxOffsetUnit | undefined;
  readonly ext: KeptExtension | undefined;
  readonly performerOf: ReadonlyMap<string, ActorRef>;
  readonly pendingMemos: PendingMemo[];
  /** Case SelectionRefs read as "this case speaks here": selection GUID → informant id. */
  readonly speakerOfSelection: ReadonlyMap<string, string>;
  /** The speaker rules of a project read without iwa's extension. */
  readonly speakerRules: SpeakerRules | undefined;
  /** Whether the project records every performer (then the speaker is not the default one). */
  readonly performersRecorded: boolean;
  /**
   * The cases are iwa's own (its "Actor type" variable): they name every performer, the speaker
   * too, so a performer who is the speaker is the speaker's own work, not an explicit one.
   */
  readonly iwaCases: boolean;
  /** What the manifest reported, restored before each pass over the documents. */
  readonly manifestReport: {
    readonly warnings: readonly QdpxIssue[];
    readonly notCarried: readonly QdpxNotCarried[];
    readonly counts: Readonly<Record<string, number>>;
  };
}

/** Each project's state, by the project object handed out. */
export const projectStates = new WeakMap<QdpxProject, ProjectState>();
