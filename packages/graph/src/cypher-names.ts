import { NodeLabel, RelType } from '@iwa/taxonomy';
import { GraphError } from './graph-error.ts';

function escape(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * The one way a label enters Cypher text: validated against the taxonomy's `NodeLabel` list and
 * backtick-escaped. Anything else is refused, so study data can never become part of a query.
 */
export function cypherLabel(label: NodeLabel): string {
  const parsed = NodeLabel.safeParse(label);
  if (!parsed.success) {
    throw new GraphError('query_failed', `Refusing unknown node label ${JSON.stringify(label)}`);
  }
  return escape(parsed.data);
}

/** As `cypherLabel`, for relationship types (validated against `RelType`). */
export function cypherRelType(type: RelType): string {
  const parsed = RelType.safeParse(type);
  if (!parsed.success) {
    throw new GraphError(
      'query_failed',
      `Refusing unknown relationship type ${JSON.stringify(type)}`,
    );
  }
  return escape(parsed.data);
}
