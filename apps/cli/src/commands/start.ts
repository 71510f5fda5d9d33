import type { Command } from 'commander';
import { connect } from '../connect.ts';
import { readEnv } from '../env.ts';
import type { CommandContext } from '../command-context.ts';

/** `iwa start`, the README's main job: the database up, migrated, and its status. */
export function registerStart(program: Command, ctx: CommandContext): void {
  program
    .command('start')
    .description('the main job: start the local Neo4j unless NEO4J_URI is set, migrate, and report')
    .action(async () => {
      const env = readEnv();
      const conn = await connect(env, ctx.out);
      try {
        ctx.out.print(`iwa is ready.`);
        ctx.out.print(
          `  Neo4j ${conn.health.serverVersion} ${conn.health.edition} at ${conn.health.uri} (${conn.source === 'local' ? 'local server' : 'NEO4J_URI'})`,
        );
        ctx.out.print(`  Schema version ${conn.migrations.version}`);
        if (conn.source === 'local')
          ctx.out.print('  Stop the local server with: pnpm iwa db stop');
      } finally {
        await conn.graph.close();
      }
    });
}
