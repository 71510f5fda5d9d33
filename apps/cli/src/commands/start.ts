import { examplePath, type ExampleId } from '@iwa/examples';
import {
  createGraph,
  evaluateStudyClaims,
  hasStudy,
  loadStudyVocabulary,
  matrixReport,
  openStudyFolder,
  requireStudy,
  runImport,
  validateSource,
} from '@iwa/services';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { connect, EXPLORER_GRAPH } from '../connect.ts';
import { readEnv } from '../env.ts';
import { importProgressBar } from '../progress.ts';
import { printClaims, printMatrix } from './analyse-run.ts';
import { parsePort, serveUntilStopped, startExplorer } from './serve.ts';

const DEMO = 'ips-norway';
/** The demo studies `iwa start` imports when absent. */
const DEMOS: readonly ExampleId[] = ['ips-norway', 'collab-meetings'];

/**
 * `iwa start`, the README's main job: the database up and migrated, the demo study imported
 * when absent, and the answer to "creative versus maintenance work by position" printed with
 * its statistics and the study's claim checks.
 */
export function registerStart(program: Command, ctx: CommandContext): void {
  program
    .command('start')
    .description(
      'the main job: start the local Neo4j unless NEO4J_URI is set, import the two demo studies if absent, print the work-by-position matrix and the claim checks',
    )
    .option('--study <id>', 'the study to report on', DEMO)
    .option('--no-serve', 'print the report and exit, without starting the explorer')
    .option('--port <port>', 'the explorer port', parsePort, 4173)
    .action(async (opts: { study: string; serve: boolean; port: number }) => {
      const env = readEnv();
      const conn = await connect(env, ctx.out);
      const graph = conn.graph;
      try {
        ctx.out.print(
          `Neo4j ${conn.health.serverVersion} ${conn.health.edition} at ${conn.health.uri} (${conn.source === 'local' ? 'local server' : 'NEO4J_URI'}), schema version ${conn.migrations.version}`,
        );
        // an unknown study: exit 2 with did-you-mean, before anything is imported
        if (!DEMOS.includes(opts.study as ExampleId)) await requireStudy(graph, opts.study);
        // both demo studies, so every view the README describes works on the first start
        for (const demo of DEMOS) {
          if (await hasStudy(graph, demo)) continue;
          const opened = await openStudyFolder(examplePath(demo));
          if (!opened.ok) throw new Error(`the demo study is invalid: ${opened.errors.join('; ')}`);
          const validated = await validateSource(opened.source);
          if (!validated.ok)
            throw new Error(`the demo study is invalid: ${validated.errors.join('; ')}`);
          ctx.out.info(`Importing the demo study ${demo} …`);
          const outcome = await runImport(graph, opened.source, {
            validated,
            progress: importProgressBar(true),
          });
          ctx.out.print(
            `Imported the demo study ${demo}: ${validated.documents} documents, ${outcome.totals.excerpts} excerpts, ${outcome.totals.codings} codings, ${outcome.phases.appended} phase events.`,
          );
        }
        ctx.out.print(
          '\nCreative versus maintenance work by position (speaker’s role × form of work, split by purpose):',
        );
        const vocab = await loadStudyVocabulary(graph, opts.study);
        printMatrix(
          ctx,
          await matrixReport(
            graph,
            {
              studyId: opts.study,
              rows: 'role',
              cols: 'form',
              split: 'purpose',
              by: 'speaker',
              unit: 'excerpts',
              where: [],
            },
            vocab,
          ),
          true,
        );
        const checked = await evaluateStudyClaims(graph, { studyId: opts.study }, vocab);
        if (checked.ok === true) {
          ctx.out.print(`\nClaims of ${opts.study}:`);
          printClaims(ctx, checked.results);
        } else if (checked.ok === false) ctx.out.error(`iwa: ${checked.error}`);
        ctx.out.print(
          `\nMore: pnpm iwa matrix --study ${opts.study} --by performer, pnpm iwa phase profile --study ${opts.study}, pnpm iwa --help${conn.source === 'local' ? '; stop the local Neo4j with pnpm iwa db stop' : ''}`,
        );
        if (opts.serve) {
          const explorerGraph = createGraph(conn.config, EXPLORER_GRAPH);
          try {
            const server = await startExplorer(ctx, explorerGraph, {
              host: '127.0.0.1',
              port: opts.port,
              writeToken: env.writeToken,
            });
            ctx.out.print(
              `\nThe iwa explorer is running at ${server.url}/#/matrix?study=${opts.study} — open it in your browser; stop with Ctrl-C.`,
            );
            await serveUntilStopped(ctx, server);
          } finally {
            await explorerGraph.close();
          }
        }
      } finally {
        await graph.close();
      }
    });
}
