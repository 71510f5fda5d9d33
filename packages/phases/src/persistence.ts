import { z } from 'zod';
import type { PhaseModel } from './compile-phase-model.ts';
import type { PhaseSnapshot } from './apply-phase-event.ts';
import { PhaseError } from './phase-error.ts';
import { PhaseContext } from './phase-machine.ts';

const PersistedShape = z.looseObject({ value: z.string(), context: PhaseContext });

const VersionedSnapshot = z.looseObject({
  value: z.string(),
  context: z.looseObject({ modelId: z.string(), modelVersion: z.int().min(1) }),
});

/** A persisted phase snapshot as JSON: what `JSON.parse` gives back. */
export interface PersistedPhaseSnapshot {
  readonly value: unknown;
  readonly context: unknown;
  readonly [key: string]: unknown;
}

/**
 * A step that upgrades a persisted snapshot from one model version to the next, for when a
 * model's states change shape (bump the definition's `version` and add one).
 */
export interface PhaseSnapshotMigration {
  /** The model version this migration reads. */
  readonly from: number;
  /** The model version it writes. */
  readonly to: number;
  /** Returns the upgraded snapshot; `context.modelVersion` is set to `to` afterwards. */
  readonly migrate: (snapshot: PersistedPhaseSnapshot) => PersistedPhaseSnapshot;
}

/**
 * A migration that renames states: in the current state and in every history record.
 *
 * @example
 * renameStatesMigration(1, 2, { operationalising: 'operationalizing' })
 */
export function renameStatesMigration(
  from: number,
  to: number,
  renames: Readonly<Record<string, string>>,
): PhaseSnapshotMigration {
  const rename = (id: unknown): unknown =>
    typeof id === 'string' && Object.hasOwn(renames, id) ? renames[id] : id;
  return {
    from,
    to,
    migrate: (snapshot) => {
      const context = snapshot.context as { history?: unknown };
      const history = Array.isArray(context.history)
        ? (context.history as Record<string, unknown>[]).map((r) => ({
            ...r,
            from: rename(r.from),
            to: rename(r.to),
          }))
        : context.history;
      return {
        ...snapshot,
        value: rename(snapshot.value),
        context: { ...(snapshot.context as object), history },
      };
    },
  };
}

/**
 * Snapshots stored before the phase context named its organisation `organisationId` carry the
 * same id as `unitId`: read them as they are meant.
 */
function withOrganisationId(snapshot: PersistedPhaseSnapshot): PersistedPhaseSnapshot {
  const context = snapshot.context as Record<string, unknown> | null;
  if (context === null || typeof context !== 'object' || 'organisationId' in context) {
    return snapshot;
  }
  if (!('unitId' in context)) return snapshot;
  const { unitId, ...rest } = context;
  return { ...snapshot, context: { ...rest, organisationId: unitId } };
}

/**
 * The JSON-serialisable form of a snapshot (e.g. one {@link applyPhaseEvent} returned), to store
 * with `JSON.stringify`. For a running actor use `actor.getPersistedSnapshot()`.
 */
export function persistPhaseSnapshot(
  model: PhaseModel,
  snapshot: PhaseSnapshot,
): PersistedPhaseSnapshot {
  return model.machine.getPersistedSnapshot(snapshot) as unknown as PersistedPhaseSnapshot;
}

/**
 * Restores a persisted snapshot (parsed JSON) for `model`: checks its shape, runs the
 * migrations from the snapshot's model version up to the model's, and resolves it into a
 * snapshot for {@link applyPhaseEvent} or `createActor(model.machine, { snapshot })`.
 *
 * @throws PhaseError `invalid_snapshot` when it is not a snapshot of this model, or
 *   `unsupported_version` when it is newer than the model or no migration leads from its version.
 */
export function restorePhaseSnapshot(
  model: PhaseModel,
  persisted: unknown,
  options: { readonly migrations?: readonly PhaseSnapshotMigration[] } = {},
): PhaseSnapshot {
  const { id, version } = model.definition;
  const head = VersionedSnapshot.safeParse(persisted);
  if (!head.success) {
    throw new PhaseError(
      'invalid_snapshot',
      `not a persisted phase snapshot: ${z.prettifyError(head.error)}`,
      {
        cause: head.error,
      },
    );
  }
  if (head.data.context.modelId !== id) {
    throw new PhaseError(
      'invalid_snapshot',
      `the snapshot is of model ${head.data.context.modelId}, not ${id}`,
    );
  }
  let snapshot: PersistedPhaseSnapshot = head.data;
  let at = head.data.context.modelVersion;
  if (at > version) {
    throw new PhaseError(
      'unsupported_version',
      `the snapshot is of ${id} version ${at}, newer than this model (version ${version})`,
    );
  }
  while (at < version) {
    const step = options.migrations?.find((m) => m.from === at);
    if (step === undefined || step.to <= at) {
      throw new PhaseError(
        'unsupported_version',
        `no migration leads from ${id} version ${at} towards version ${version}`,
      );
    }
    const migrated = step.migrate(snapshot);
    snapshot = { ...migrated, context: { ...(migrated.context as object), modelVersion: step.to } };
    at = step.to;
  }
  const full = PersistedShape.safeParse(withOrganisationId(snapshot));
  if (!full.success) {
    throw new PhaseError(
      'invalid_snapshot',
      `not a persisted phase snapshot: ${z.prettifyError(full.error)}`,
      { cause: full.error },
    );
  }
  const { value, context } = full.data;
  if (!model.definition.states.some((s) => s.id === value)) {
    throw new PhaseError('unknown_state', `the ${id} model has no state ${value}`);
  }
  return model.machine.resolveState({ value, context: context });
}
