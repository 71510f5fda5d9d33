import type { Command } from 'commander';
import type { CommandContext } from './command-context.ts';

type Register = (program: Command, ctx: CommandContext) => void;

// one loader per command module, so commands registered together share it
const analyse = async (): Promise<Register> =>
  (await import('./commands/analyse.ts')).registerAnalyse;

/**
 * Every top-level command: how `iwa --help` lists it, and the module that registers it (loaded
 * only when the command runs, so `iwa --help` loads neither Neo4j nor xstate). A test checks
 * that the terms and descriptions are those of the loaded commands.
 */
export const COMMANDS = {
  start: {
    term: 'start [options]',
    description:
      'the main job: start the local Neo4j unless NEO4J_URI is set, import the two demo studies if absent, print the work-by-position matrix and the claim checks',
    load: async (): Promise<Register> => (await import('./commands/start.ts')).registerStart,
  },
  db: {
    term: 'db',
    description: 'start, stop and inspect the local Neo4j (or the one NEO4J_URI names)',
    load: async (): Promise<Register> => (await import('./commands/db.ts')).registerDb,
  },
  codebook: {
    term: 'codebook',
    description:
      'exchange the codebook with NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette (REFI-QDA .qdc)',
    load: async (): Promise<Register> => (await import('./commands/codebook.ts')).registerCodebook,
  },
  study: {
    term: 'study',
    description: 'import, list, export and delete studies',
    load: async (): Promise<Register> => (await import('./commands/study.ts')).registerStudy,
  },
  matrix: {
    term: 'matrix [options]',
    description:
      "crosstab of any two dimensions (position, code family, document variable), optionally split by a third, with chi-square, Cramér's V and residuals",
    load: analyse,
  },
  excerpts: {
    term: 'excerpts [options]',
    description:
      'the excerpts behind a matrix cell or any filter, with speaker, performer, position, document and codes',
    load: analyse,
  },
  search: {
    term: 'search [options] <query...>',
    description:
      "full-text search of a study's documents, with each hit in context (keyword in context)",
    load: analyse,
  },
  cooccurrence: {
    term: 'cooccurrence [options]',
    description:
      'how often codes of two families meet in one excerpt, with c = n12 / (n1 + n2 − n12)',
    load: analyse,
  },
  actors: {
    term: 'actors [options]',
    description:
      'the actor-position graph: who employs, enlists, advises whom, with evidence counts',
    load: analyse,
  },
  claims: {
    term: 'claims',
    description: 'check propositions about a study against its coded excerpts',
    load: analyse,
  },
  agreement: {
    term: 'agreement [options]',
    description:
      "agreement between coders: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha",
    load: async (): Promise<Register> =>
      (await import('./commands/agreement.ts')).registerAgreement,
  },
  phase: {
    term: 'phase',
    description: "each organisation's change phase: show, history, record, suggest, profile",
    load: async (): Promise<Register> => (await import('./commands/phase.ts')).registerPhase,
  },
  serve: {
    term: 'serve [options]',
    description:
      'start the explorer web app on this machine (read-only unless IWA_WRITE_TOKEN is set)',
    load: async (): Promise<Register> => (await import('./commands/serve.ts')).registerServe,
  },
} satisfies Record<string, { term: string; description: string; load: () => Promise<Register> }>;

export type CommandName = keyof typeof COMMANDS;
