import { EntityId, type Coder } from '@iwa/study';
import { idSlug as slugify, normalizeGuid } from '@iwa/taxonomy';
import { attr, kid, kids, uniqueId, type ReadContext } from './qdpx-read-context.ts';
import type { XmlElement } from './xml-tree.ts';

/** The project's users as coders, and how a `creatingUser` GUID resolves to one. */
export interface CoderIndex {
  /** The coders of `<Users>`, in order. */
  readonly coders: Coder[];
  /** Coders added while reading: users not among `<Users>`, and the default coder. */
  readonly extraCoders: Coder[];
  /** How many distinct users were seen (declared or not). */
  readonly size: () => number;
  /** The coder id of a user GUID; a GUID not among `<Users>` becomes a coder of its own. */
  readonly userIdOf: (guidText: string | undefined) => string | undefined;
  /** The coder of a Coding: its creatingUser, else the fallback's, else the default coder. */
  readonly coderOf: (guidText: string | undefined, fallback?: string) => string;
}

/** Reads `<Users>` into coders (ids from the user's id, else its name, else its GUID). */
export function readUsers(ctx: ReadContext, root: XmlElement, defaultCoder: string): CoderIndex {
  const coders: Coder[] = [];
  const userById = new Map<string, string>(); // guid → coder id
  const coderIds = new Set<string>();
  for (const u of kids(kid(root, 'Users'), 'User')) {
    const guid = normalizeGuid(attr(u, 'guid') ?? '');
    if (guid === undefined) {
      ctx.warnings.push(ctx.at('liberal_read', '<User> without a valid guid; ignored', u));
      continue;
    }
    const name = attr(u, 'name')?.trim();
    const rawId = attr(u, 'id')?.trim();
    const base =
      rawId !== undefined && EntityId.safeParse(rawId).success
        ? rawId
        : name
          ? slugify(name) || `user-${guid.slice(0, 8)}`
          : `user-${guid.slice(0, 8)}`;
    const id = uniqueId(base, coderIds);
    userById.set(guid, id);
    // iwa names a user without a name by its id (for tools that drop the id): no name then
    coders.push({ id, ...(name && name !== rawId ? { name } : {}) });
  }
  const extraCoders: Coder[] = [];
  const userIdOf = (guidText: string | undefined) => {
    if (guidText === undefined) return undefined;
    const guid = normalizeGuid(guidText);
    if (guid === undefined) return undefined;
    const known = userById.get(guid);
    if (known !== undefined) return known;
    const id = uniqueId(`user-${guid.slice(0, 8)}`, coderIds);
    userById.set(guid, id);
    extraCoders.push({ id });
    ctx.warnings.push({
      code: 'defaulted',
      message: `user ${guid} is not among <Users>; added as coder "${id}"`,
      entry: ctx.entry,
    });
    return id;
  };
  let defaultedCoder = false;
  const coderOf = (guidText: string | undefined, fallback?: string) => {
    const id = userIdOf(guidText) ?? userIdOf(fallback);
    if (id !== undefined) return id;
    if (!defaultedCoder) {
      defaultedCoder = true;
      if (!coderIds.has(defaultCoder)) {
        coderIds.add(defaultCoder);
        extraCoders.push({ id: defaultCoder });
      }
      ctx.warnings.push({
        code: 'defaulted',
        message: `some Codings name no coder (creatingUser); they are attributed to "${defaultCoder}"`,
        entry: ctx.entry,
      });
    }
    return defaultCoder;
  };
  return { coders, extraCoders, size: () => userById.size, userIdOf, coderOf };
}
