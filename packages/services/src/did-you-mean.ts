import { distance } from 'fastest-levenshtein';
import { ServiceError } from './service-error.ts';

/**
 * The known names nearest to `asked`, best first: names within an edit distance of about a
 * third of the name's length, names that contain it or that it contains, compared without case.
 */
export function nearest(asked: string, known: readonly string[], max = 3): string[] {
  const a = asked.toLowerCase();
  const limit = Math.max(2, Math.ceil(a.length / 3));
  return known
    .map((k) => {
      const b = k.toLowerCase();
      const d = distance(a, b);
      const contained = a.length >= 3 && (b.includes(a) || a.includes(b));
      return { k, d: contained ? Math.min(d, limit) : d };
    })
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .slice(0, max)
    .map((x) => x.k);
}

const list = (names: readonly string[], max = 30): string =>
  names.length <= max
    ? names.join(', ')
    : `${names.slice(0, max).join(', ')} … (${names.length - max} more)`;

/**
 * The error for an unknown name: `unknown <what> "<asked>"[ in <where>]; did you mean …? The
 * study's <what>s: …`.
 */
export function unknownName(params: {
  what: string;
  asked: string;
  known: readonly string[];
  where?: string | undefined;
  hint?: string | undefined;
}): ServiceError {
  const near = nearest(params.asked, params.known);
  const parts = [
    `unknown ${params.what} "${params.asked}"${params.where ? ` in ${params.where}` : ''}`,
  ];
  if (near.length > 0) parts.push(`did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`);
  parts.push(
    params.known.length === 0
      ? `the study has no ${params.what}s`
      : `known ${params.what}s: ${list(params.known)}`,
  );
  if (params.hint) parts.push(params.hint);
  return new ServiceError('invalid_query', parts.join('; '));
}
