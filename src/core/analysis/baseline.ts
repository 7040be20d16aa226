/**
 * Table 1: the analysed participants' characteristics by arm — median [IQR] (with mean ± SD) and Mann-Whitney for
 * continuous variables, n (%) per level and Fisher's exact test for categorical and yes/no ones — with the number
 * missing in each arm. Variables collected in the SSc arm only are described there and not tested.
 */
import { ARMS, type Arm } from '../study/protocol.ts';
import { proportion } from './compare.ts';
import { CLINICAL_VARIABLES, type ClinicalVariable } from './factors.ts';
import type { ParticipantInput } from './input.ts';
import { mannWhitneyP, summarise, tableTest } from './summaries.ts';
import type { BaselineRow } from './types.ts';

const YES_NO = [
  { value: 'yes', label: { en: 'Yes', fr: 'Oui' } },
  { value: 'no', label: { en: 'No', fr: 'Non' } },
] as const;

function levelsOf(variable: Exclude<ClinicalVariable, { kind: 'continuous' }>) {
  if (variable.kind === 'categorical') return { levels: variable.levels, read: variable.read };
  return {
    levels: YES_NO,
    read: (forms: ParticipantInput['forms']) => {
      const value = variable.read(forms);
      return value === null ? null : value ? 'yes' : 'no';
    },
  };
}

function baselineRow(
  variable: ClinicalVariable,
  byArm: Record<Arm, ParticipantInput[]>,
  level: number,
): BaselineRow {
  const arms = [...variable.arms];
  const inArm = (arm: Arm) => (variable.arms.includes(arm) ? byArm[arm] : []);
  const tested = arms.length === ARMS.length;
  if (variable.kind === 'continuous') {
    const values = (arm: Arm) => inArm(arm).map((p) => variable.read(p.forms));
    const ssc = values('ssc');
    const control = values('control');
    const present = (v: (number | null)[]) => v.filter((x): x is number => x !== null);
    const pValue = tested ? mannWhitneyP(present(ssc), present(control)) : null;
    return {
      type: 'continuous',
      variable: variable.id,
      label: variable.label,
      unit: variable.unit,
      arms,
      ssc: summarise(ssc),
      control: summarise(control),
      test: pValue === null ? null : 'mann-whitney',
      pValue,
    };
  }
  const { levels, read } = levelsOf(variable);
  const answers = (arm: Arm) => inArm(arm).map((p) => read(p.forms));
  const ssc = answers('ssc');
  const control = answers('control');
  const count = (list: (string | null)[], value: string) => list.filter((v) => v === value).length;
  const observed = (list: (string | null)[]) => list.filter((v) => v !== null).length;
  const test = tested
    ? tableTest([ssc, control].map((list) => levels.map((l) => count(list, l.value))))
    : null;
  return {
    type: 'categorical',
    variable: variable.id,
    label: variable.label,
    arms,
    levels: levels.map((l) => ({
      value: l.value,
      label: l.label,
      ssc: proportion(count(ssc, l.value), observed(ssc), level),
      control: proportion(count(control, l.value), observed(control), level),
    })),
    missing: { ssc: ssc.length - observed(ssc), control: control.length - observed(control) },
    test: test?.test ?? null,
    pValue: test?.pValue ?? null,
  };
}

export function baselineRows(analysed: readonly ParticipantInput[], level: number): BaselineRow[] {
  const byArm: Record<Arm, ParticipantInput[]> = { ssc: [], control: [] };
  for (const p of analysed) byArm[p.arm].push(p);
  return CLINICAL_VARIABLES.filter((v) => v.baseline).map((v) => baselineRow(v, byArm, level));
}
