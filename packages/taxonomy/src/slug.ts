/**
 * Names made into keys and ids: the one slug function in iwa. Letters that Unicode does not
 * decompose are spelt out first, as Norwegian, Danish, French and German write them without
 * their letter: `æ` → `ae`, `œ` → `oe`, `ß` → `ss`, `ø` → `o`, `ł` → `l`, `đ`/`ð` → `d`,
 * `þ` → `th`. Every other accented letter loses its accent (`å` → `a`, `é` → `e`, `ç` → `c`).
 */
const SPELT_OUT: Readonly<Record<string, string>> = {
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  ẞ: 'SS',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
};
const SPELT_OUT_PATTERN = new RegExp(`[${Object.keys(SPELT_OUT).join('')}]`, 'gu');

/**
 * A text without diacritics, for keys and for matching names: `Bodø Fœrde Åsa` → `Bodo Foerde
 * Asa`. Case is kept.
 */
export function foldDiacritics(text: string): string {
  return text
    .replace(SPELT_OUT_PATTERN, (c) => SPELT_OUT[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** How {@link slug} writes a slug. */
export interface SlugOptions {
  /** Between words: `_` (snake_case, the default, for keys and ids) or `-` (for study ids in URLs). */
  readonly separator?: '_' | '-';
  /** At most this many characters (default 60), cut at a word boundary's separator. */
  readonly maxLength?: number;
}

/**
 * A name as lowercase ASCII words joined by `_` (or `-`): `Samarbeid i Bodø` →
 * `samarbeid_i_bodo`, `Cœur de métier` → `coeur_de_metier`. Empty when the name has no letter
 * or digit.
 */
export function slug(name: string, options: SlugOptions = {}): string {
  const sep = options.separator ?? '_';
  const trim = sep === '_' ? /^_+|_+$/g : /^-+|-+$/g;
  return foldDiacritics(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(trim, '')
    .slice(0, options.maxLength ?? 60)
    .replace(trim, '');
}

/**
 * A snake_case id from a name, starting with a letter as ids must (`2021 cohort` →
 * `x_2021_cohort`). Empty when the name has no letter or digit.
 */
export function idSlug(name: string): string {
  const s = slug(name);
  return /^[a-z]/.test(s) ? s : s ? `x_${s}` : '';
}
