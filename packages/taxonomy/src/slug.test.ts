import { describe, expect, it } from 'vitest';
import { foldDiacritics, idSlug, slug } from './slug.ts';

describe('slug: one spelling of a name as a key', () => {
  it.each([
    // Norwegian and Danish
    ['Tromsø kommune', 'tromso_kommune'],
    ['Nav Bodø', 'nav_bodo'],
    ['Åsa Lindqvist', 'asa_lindqvist'],
    ['Færder DPS', 'faerder_dps'],
    ['Ærlig talt: økonomi og årsverk', 'aerlig_talt_okonomi_og_arsverk'],
    ['Læringsnettverk IPS', 'laeringsnettverk_ips'],
    // French
    ['Cœur de métier', 'coeur_de_metier'],
    ['ŒUVRE COLLECTIVE', 'oeuvre_collective'],
    ['Hélène Lefèvre-Çelik', 'helene_lefevre_celik'],
    ['Conseillère à l’emploi', 'conseillere_a_l_emploi'],
    // German, Polish, Icelandic
    ['Straße', 'strasse'],
    ['Łódź', 'lodz'],
    ['Þórður', 'thordur'],
  ])('%s → %s', (name, expected) => {
    expect(slug(name)).toBe(expected);
  });

  it('joins with - for study ids in URLs, and is empty without a letter or digit', () => {
    expect(slug('Samarbeid i Bodø 2026', { separator: '-' })).toBe('samarbeid-i-bodo-2026');
    expect(slug(' — ')).toBe('');
    expect(slug('!!!', { separator: '-' })).toBe('');
  });

  it('cuts long names at 60 characters without a trailing separator', () => {
    const s = slug('Implementering av individuell jobbstøtte i psykisk helsevern og rus');
    expect(s).toBe('implementering_av_individuell_jobbstotte_i_psykisk_helsevern');
    expect(s.length).toBeLessThanOrEqual(60);
    expect(slug('a'.repeat(59) + ' b')).toBe('a'.repeat(59));
  });

  it('gives ids a leading letter', () => {
    expect(idSlug('2021 kohort')).toBe('x_2021_kohort');
    expect(idSlug('Økt mestring')).toBe('okt_mestring');
    expect(idSlug('…')).toBe('');
  });

  it('folds diacritics and keeps case, for matching names', () => {
    expect(foldDiacritics('Bodø Fœrde Åsa Élodie')).toBe('Bodo Foerde Asa Elodie');
  });
});
