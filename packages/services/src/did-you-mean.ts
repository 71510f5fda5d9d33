import { distance } from 'fastest-levenshtein';
import { ServiceError } from './service-error.ts';

/**
 * The known names nearest to `asked`, best first: names within an edit distance of about a
 * third of the name's length, names that contain it or that it contains, compared without case
 * and with `-`, `_`, `.` and spaces taken as one separator (`dps-nordhei` finds `dps_nordhei`).
 */
export function nearest(asked: string, known: readonly string[], max = 3): string[] {
  const norm = (x: string): string => x.toLowerCase().replace(/[-_. ]+/g, '_');
  const a = norm(asked);
  const limit = Math.max(2, Math.ceil(a.length / 3));
  const scored = known
    .map((k) => {
      const b = norm(k);
      const d = distance(a, b);
      const contained = a.length >= 3 && (b.includes(a) || a.includes(b));
      return { k, d: contained ? Math.min(d, limit) : d };
    })
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k));
  // the same name but for case or separators: that one alone
  const same = scored.filter((x) => x.d === 0);
  return (same.length > 0 ? same : scored).slice(0, max).map((x) => x.k);
}

/** `value of role` → `values of role`, `coder` → `coders`. */
const plural = (what: string): string => {
  const at = what.indexOf(' of ');
  return at < 0 ? `${what}s` : `${what.slice(0, at)}s${what.slice(at)}`;
};

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
      ? `the study has no ${plural(params.what)}`
      : `known ${plural(params.what)}: ${list(params.known)}`,
  );
  if (params.hint) parts.push(params.hint);
  return new ServiceError('invalid_query', parts.join('; '));
}

/**
 * The error for a study id the database does not hold: `no study "<asked>"; did you mean …?;
 * known studies: …`, or how to import one when there is none.
 */
export function unknownStudy(asked: string, studies: readonly string[]): ServiceError {
  const near = nearest(asked, studies);
  return new ServiceError(
    'not_found',
    `no study "${asked}"${near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}; ${
      studies.length === 0
        ? 'the database holds no study yet (iwa study import <folder|project.qdpx>)'
        : `known studies: ${[...studies].sort().join(', ')} (iwa study list)`
    }`,
  );
}
