import type { NewInformant } from '../../shared/api-types.ts';

/** A name as a coder id: letters, digits and _ . : - (spaces become -). */
export function coderIdOf(name: string): string {
  return name
    .trim()
    .replace(/[^A-Za-z0-9_.:-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
}

/** Informants typed one per line: `A01 advisor nav Advisor in Fjordvik` (id, role, sector?, pseudonym?). */
export function parseInformants(text: string): { informants: NewInformant[]; errors: string[] } {
  const informants: NewInformant[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    const words = line
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (words.length === 0) return;
    const [id = '', role = '', sector, ...rest] = words;
    if (role === '' || !/^[a-z][a-z0-9_]*$/.test(role)) {
      errors.push(`line ${i + 1}: give an id and a role in snake_case (A01 advisor)`);
      return;
    }
    const hasSector = sector !== undefined && /^[a-z][a-z0-9_]*$/.test(sector);
    const pseudonym = [...(hasSector ? [] : sector === undefined ? [] : [sector]), ...rest].join(
      ' ',
    );
    informants.push({
      id,
      role,
      ...(hasSector ? { sector } : {}),
      ...(pseudonym === '' ? {} : { pseudonym }),
    });
  });
  return { informants, errors };
}
