import { Confidence, phaseLabel, type CategoryShare, type PhaseModel } from '@iwa/phases';
import { GraphError, type Graph } from '@iwa/services/database';
import { codeName } from '@iwa/taxonomy';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { connect } from '../connect.ts';
import { readEnv } from '../env.ts';
import { ExitCode } from '../exit-codes.ts';
import {
  loadStudyVocabulary,
  phaseHistory,
  phaseOverview,
  phaseProfiles,
  phaseSuggestions,
  recordPhaseEvent as recordEvent,
  studyPhaseModel,
} from '@iwa/services';
import { coderOptions, type CoderFlags } from './analyse.ts';
import { coderRequest } from './analyse-run.ts';
import { renderTable } from '../table.ts';

interface PhaseOptions {
  study: string;
  org?: string;
  json?: boolean;
}

async function withPhases(
  ctx: CommandContext,
  opts: PhaseOptions,
  fn: (graph: Graph, model: PhaseModel) => Promise<void>,
): Promise<void> {
  const conn = await connect(readEnv(), ctx.out);
  try {
    // an unknown study or organisation is a ServiceError (exit 2, with did-you-mean)
    const model = await studyPhaseModel(conn.graph, {
      studyId: opts.study,
      organisationId: opts.org,
    });
    await fn(conn.graph, model);
  } finally {
    await conn.graph.close();
  }
}

const requireOrg = (
  ctx: CommandContext,
  opts: PhaseOptions,
): opts is PhaseOptions & { org: string } => {
  if (opts.org) return true;
  ctx.out.error('iwa: --org <organisation id> is needed');
  ctx.setExitCode(ExitCode.invalidInput);
  return false;
};

/** `iwa phase show`: the current phase of each organisation, checked against a replay. */
async function showPhases(ctx: CommandContext, opts: PhaseOptions): Promise<void> {
  await withPhases(ctx, opts, async (graph, model) => {
    const rows = await phaseOverview(graph, {
      studyId: opts.study,
      organisationId: opts.org,
      model,
    });
    if (opts.json)
      return ctx.out.print(
        JSON.stringify({ model: model.definition.id, organisations: rows }, null, 2),
      );
    ctx.out.print(`Phase model: ${model.definition.id}`);
    ctx.out.print(
      renderTable(
        ['organisation', 'state', 'events', 'last event', 'since', 'replay'],
        rows.map((r) => [
          r.organisationId,
          phaseLabel(model, r.state),
          r.events,
          r.lastEvent === null ? '—' : phaseLabel(model, r.lastEvent),
          r.since ?? '—',
          r.replayMatches ? 'ok' : 'MISMATCH',
        ]),
      ),
    );
  });
}

/** `iwa phase history`: an organisation's events, oldest first. */
async function showPhaseHistory(ctx: CommandContext, opts: PhaseOptions): Promise<void> {
  if (!requireOrg(ctx, opts)) return;
  await withPhases(ctx, opts, async (graph, model) => {
    const history = await phaseHistory(graph, {
      studyId: opts.study,
      organisationId: opts.org,
    });
    if (opts.json) return ctx.out.print(JSON.stringify(history, null, 2));
    if (history.length === 0) return ctx.out.print(`${opts.org} has no recorded phase events.`);
    ctx.out.print(
      renderTable(
        ['#', 'event', 'date', 'from → to', 'by', 'confidence', 'evidence'],
        history.map((e) => [
          e.seq,
          phaseLabel(model, e.type),
          e.at ?? '—',
          `${phaseLabel(model, e.fromState)} → ${phaseLabel(model, e.toState)}`,
          e.recordedBy,
          e.confidence,
          e.evidence.join(', '),
        ]),
      ),
    );
  });
}

/** The options of `iwa phase record`. */
type RecordOptions = PhaseOptions & {
  event: string;
  at: string;
  evidence: string;
  by: string;
  confidence: Confidence;
  fidelity?: number;
  note?: string;
};

/** `iwa phase record`: one event, checked against the phase model, appended to the store. */
async function recordPhaseEvent(ctx: CommandContext, opts: RecordOptions): Promise<void> {
  if (!requireOrg(ctx, opts)) return;
  await withPhases(ctx, opts, async (graph, model) => {
    try {
      const res = await recordEvent(graph, {
        studyId: opts.study,
        organisationId: opts.org,
        model,
        event: {
          type: opts.event,
          at: opts.at,
          evidence: opts.evidence
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          recordedBy: opts.by,
          confidence: opts.confidence,
          fidelity: opts.fidelity,
          note: opts.note,
        },
      });
      if (!res.ok) {
        ctx.out.error(
          `iwa: ${phaseLabel(model, opts.event)} cannot be recorded for ${opts.org} in state ${phaseLabel(model, res.state)}: ${res.reason}`,
        );
        ctx.setExitCode(ExitCode.invalidInput);
        return;
      }
      const { seq } = res;
      if (opts.json)
        ctx.out.print(
          JSON.stringify({ organisationId: opts.org, seq, from: res.from, to: res.to }, null, 2),
        );
      else
        ctx.out.print(
          `Recorded ${phaseLabel(model, opts.event)} for ${opts.org} as event ${seq}: ${phaseLabel(model, res.from)} → ${phaseLabel(model, res.to)}`,
        );
    } catch (err) {
      if (err instanceof GraphError && err.code === 'conflict') {
        ctx.out.error(`iwa: conflict: ${err.message}`);
        ctx.setExitCode(ExitCode.conflict);
        return;
      }
      throw err;
    }
  });
}

/** `iwa phase suggest`: the events the coded excerpts suggest; nothing is applied. */
async function suggestEvents(ctx: CommandContext, opts: PhaseOptions): Promise<void> {
  if (!requireOrg(ctx, opts)) return;
  await withPhases(ctx, opts, async (graph, model) => {
    const { state, excerpts, suggestions } = await phaseSuggestions(graph, {
      studyId: opts.study,
      organisationId: opts.org,
      model,
    });
    if (opts.json)
      return ctx.out.print(
        JSON.stringify({ organisationId: opts.org, state, suggestions }, null, 2),
      );
    ctx.out.print(
      `${opts.org} is in ${phaseLabel(model, state)}; ${excerpts} coded excerpts are about it.`,
    );
    if (suggestions.length === 0)
      return ctx.out.print('No event is suggested by the evidence rules.');
    for (const s of suggestions) {
      ctx.out.print(
        `- ${phaseLabel(model, s.event)} (${s.confidence}) → ${s.targets.map((t) => phaseLabel(model, t.to) + (t.needs.length ? ` (needs: ${t.needs.join('; ')})` : '')).join(' | ')}\n  ${s.explanation}\n  evidence: ${s.evidence.join(', ')}`,
      );
    }
    ctx.out.print(
      '\nAccept one with: iwa phase record --study … --org … --event … --at … --evidence … --by …',
    );
  });
}

/** `iwa phase profile`: observed versus expected work per organisation and phase. */
async function showPhaseProfiles(
  ctx: CommandContext,
  opts: PhaseOptions & CoderFlags,
): Promise<void> {
  await withPhases(ctx, opts, async (graph, model) => {
    const report = await phaseProfiles(graph, {
      studyId: opts.study,
      ...(opts.org ? { organisationId: opts.org } : {}),
      coders: coderRequest(opts),
    });
    const results = report.profiles;
    if (opts.json)
      return ctx.out.print(
        JSON.stringify(
          { model: model.definition.id, coders: report.coders, profiles: results },
          null,
          2,
        ),
      );
    ctx.out.print(report.coders.description);
    const vocab = await loadStudyVocabulary(graph, opts.study);
    const short = (key: string): string => `${vocab.codeLabel(key)} [${codeName(key)}]`;
    const share = (xs: readonly CategoryShare[]): string =>
      xs
        .filter((x) => x.share > 0)
        .map((x) => `${short(x.key)} ${Math.round(x.share * 100)}%`)
        .join(', ');
    const expected = (xs: readonly CategoryShare[]): string =>
      xs
        .filter((x) => x.expected === 'dominant')
        .map((x) => short(x.key))
        .join(', ');
    ctx.out.print(
      renderTable(
        [
          'organisation',
          'phase',
          'excerpts',
          'forms observed',
          'purposes observed',
          'expected',
          'verdict',
        ],
        results.map((r) => [
          r.organisationId,
          phaseLabel(model, r.state),
          r.excerpts,
          share(r.fit.forms.categories),
          share(r.fit.purposes.categories),
          `${expected(r.fit.forms.categories)}; ${expected(r.fit.purposes.categories)}`,
          `${r.fit.verdict}${r.fit.score === null ? '' : ` (${r.fit.score.toFixed(2)})`}`,
        ]),
      ),
    );
  });
}

export function registerPhase(program: Command, ctx: CommandContext): void {
  const phase = program
    .command('phase')
    .description("each organisation's change phase: show, history, record, suggest, profile");
  const common = (c: Command): Command =>
    c
      .requiredOption('--study <id>', 'the study')
      .option('--org <id>', 'the organisation')
      .option('--json', 'print JSON');

  common(
    phase
      .command('show')
      .description('the current phase of each organisation (or one), restored from the store'),
  ).action((opts: PhaseOptions) => showPhases(ctx, opts));

  common(
    phase
      .command('history')
      .description("an organisation's phase events, oldest first, with their evidence"),
  ).action((opts: PhaseOptions) => showPhaseHistory(ctx, opts));

  common(
    phase
      .command('record')
      .description('record one phase event for an organisation (checked against the phase model)'),
  )
    .requiredOption('--event <type>', 'the event, e.g. collaboration_initiated')
    .requiredOption('--at <date>', 'when it happened (YYYY-MM-DD)')
    .requiredOption('--evidence <ids>', 'comma-separated excerpt ids that show it')
    .requiredOption('--by <coder>', 'who records it')
    .addOption(
      new Option('--confidence <level>', 'how sure').choices(Confidence.options).default('medium'),
    )
    .option('--fidelity <total>', 'an IPS-25 fidelity review total (25–125)', (v) =>
      Number.parseInt(v, 10),
    )
    .option('--note <text>', 'a note')
    .action((opts: RecordOptions) => recordPhaseEvent(ctx, opts));

  common(
    phase
      .command('suggest')
      .description('events the coded excerpts suggest for an organisation; nothing is applied'),
  ).action((opts: PhaseOptions) => suggestEvents(ctx, opts));

  coderOptions(
    common(
      phase
        .command('profile')
        .description('observed versus expected work per organisation and phase'),
    ),
  ).action((opts: PhaseOptions & CoderFlags) => showPhaseProfiles(ctx, opts));
}
