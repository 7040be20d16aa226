import { choiceItem, text, textItem } from '../item-builders.ts';
import type { ChoiceItem, InstrumentDefinition } from '../types.ts';
import { anyPositive, formResult, POSITIVE_NEGATIVE, protocolCitation } from './common.ts';

/**
 * Autoantibodies, each positive or negative by the laboratory's reference range; a test not done is recorded with
 * the missing-data code ND rather than a third answer. The three antibodies of the ACR/EULAR 2013 criteria keep the
 * same item ids there. Derived: whether any of them is positive (SSc-specific), and whether any antiphospholipid
 * antibody is (protocol NCT04223817: "SSc-related autoantibodies, antiphospholipid autoantibodies").
 */
const SSC = text('SSc-related autoantibodies', 'Auto-anticorps associés à la ScS');
const APL = text('Antiphospholipid antibodies', 'Anticorps antiphospholipides');

const antibody = (
  id: string,
  en: string,
  fr: string,
  section: ChoiceItem['section'],
  help: [string, string],
  optional = false,
): ChoiceItem =>
  choiceItem(id, en, fr, POSITIVE_NEGATIVE, {
    section,
    help: text(...help),
    ...(optional ? { optional } : {}),
  });

const IF_TESTED: [string, string] = ['If tested', 'Si recherché'];
const ACR_EULAR: [string, string] = ['ACR/EULAR 2013 criterion', 'Critère ACR/EULAR 2013'];
const SSC_SPECIFIC = ['anticentromere', 'anti_topoisomerase_i', 'anti_rna_polymerase_iii'];
const ANTIPHOSPHOLIPID = ['anticardiolipin', 'anti_beta2_glycoprotein_i', 'lupus_anticoagulant'];

export const autoantibodies: InstrumentDefinition = {
  id: 'autoantibodies',
  version: '1.0.0',
  title: text('Autoantibodies', 'Auto-anticorps'),
  citations: [protocolCitation('secondary outcome measures')],
  kind: 'form',
  items: [
    antibody(
      'antinuclear_antibodies',
      'Antinuclear antibodies',
      'Anticorps antinucléaires',
      SSC,
      ['Indirect immunofluorescence on HEp-2 cells', 'Immunofluorescence indirecte sur cellules HEp-2'],
      true,
    ),
    antibody('anticentromere', 'Anticentromere', 'Anticentromère', SSC, ACR_EULAR),
    antibody(
      'anti_topoisomerase_i',
      'Anti-topoisomerase I (anti-Scl-70)',
      'Anti-topo-isomérase I (anti-Scl-70)',
      SSC,
      ACR_EULAR,
    ),
    antibody('anti_rna_polymerase_iii', 'Anti-RNA polymerase III', 'Anti-ARN polymérase III', SSC, ACR_EULAR),
    antibody('anti_pm_scl', 'Anti-PM/Scl', 'Anti-PM/Scl', SSC, IF_TESTED, true),
    antibody('anti_u1_rnp', 'Anti-U1 RNP', 'Anti-U1 RNP', SSC, IF_TESTED, true),
    antibody(
      'anti_u3_rnp',
      'Anti-U3 RNP (anti-fibrillarin)',
      'Anti-U3 RNP (anti-fibrillarine)',
      SSC,
      IF_TESTED,
      true,
    ),
    antibody('anti_th_to', 'Anti-Th/To', 'Anti-Th/To', SSC, IF_TESTED, true),
    antibody('anti_ku', 'Anti-Ku', 'Anti-Ku', SSC, IF_TESTED, true),
    textItem(
      'other_ssc_antibodies',
      'Other SSc-related antibodies',
      'Autres anticorps associés à la ScS',
      200,
      {
        section: SSC,
        optional: true,
        help: text('Name and result', 'Nom et résultat'),
      },
    ),
    antibody('anticardiolipin', 'Anticardiolipin (IgG or IgM)', 'Anticardiolipine (IgG ou IgM)', APL, [
      'Positive above the laboratory threshold',
      'Positif au-dessus du seuil du laboratoire',
    ]),
    antibody(
      'anti_beta2_glycoprotein_i',
      'Anti-β2-glycoprotein I (IgG or IgM)',
      'Anti-β2-glycoprotéine I (IgG ou IgM)',
      APL,
      ['Positive above the laboratory threshold', 'Positif au-dessus du seuil du laboratoire'],
    ),
    antibody('lupus_anticoagulant', 'Lupus anticoagulant', 'Anticoagulant circulant de type lupique', APL, [
      'Clotting assay (e.g. dRVVT)',
      'Test de coagulation (p. ex. dRVVT)',
    ]),
  ],
  score({ values }) {
    return formResult(autoantibodies, values, {
      ssc_specific_positive: anyPositive(values, SSC_SPECIFIC),
      antiphospholipid_positive: anyPositive(values, ANTIPHOSPHOLIPID),
    });
  },
};
