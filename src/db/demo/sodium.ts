import { parseLegend, type LegendEntry } from '../../core/sodium/inputs.ts';
import { generatePhantom, phantomLegend, type Phantom } from '../../core/sodium/phantom/phantom.ts';
import { quantify } from '../../core/sodium/quantify.ts';
import {
  quantificationReport,
  quantificationReportSchema,
  type QuantificationUpload,
} from '../../core/sodium/report.ts';
import { createRandom } from '../../core/sodium/random.ts';
import type { Arm } from '../../core/study/protocol.ts';
import { MANUS_VERSION } from '../../version.ts';

/**
 * Synthetic sodium quantifications for the demo: one small phantom, made once per process, whose joints are
 * rescaled to each participant's invented concentrations and then quantified by the real pipeline, so the demo
 * shows real calibrations, noise, residuals and warnings. 48³ keeps the seed fast (about 6 ms a participant),
 * at the price of joints below 30 voxels, which the pipeline duly warns about.
 * NOTHING HERE IS A MEASUREMENT: the arm means are invented, chosen only to be plausible and slightly different.
 */
const PHANTOM = { size: 48, snr: 20, seed: 4223817 } as const;
const JOINT_MEAN_MMOL: Readonly<Record<Arm, number>> = { ssc: 228, control: 210 };
/** Between-participant and between-joint spread of the invented concentrations (mmol/L). */
const PARTICIPANT_SD_MMOL = 12;
const JOINT_SD_MMOL = 8;

let base: { phantom: Phantom; legend: LegendEntry[]; rawLegend: unknown } | undefined;

function basePhantom() {
  if (!base) {
    const phantom = generatePhantom({
      ...PHANTOM,
      receiveField: false,
      transmitField: false,
      relaxation: false,
      proton: false,
    });
    const rawLegend = phantomLegend(phantom.truth);
    base = { phantom, legend: parseLegend(rawLegend), rawLegend };
  }
  return base;
}

/**
 * The quantification of participant number `index` of the demo, in the arm's distribution. Every compartment of
 * the phantom relaxes like the tubes, so scaling a joint's voxels scales its concentration (and its noise, which
 * only makes the synthetic joints slightly noisier or cleaner).
 */
export function demoSodiumReport(arm: Arm, index: number): QuantificationUpload {
  const { phantom, legend, rawLegend } = basePhantom();
  const random = createRandom(PHANTOM.seed + index);
  const participantMean = JOINT_MEAN_MMOL[arm] + PARTICIPANT_SD_MMOL * random.normal();
  const scale = new Float32Array(Math.max(...phantom.truth.map((t) => t.label)) + 1).fill(1);
  const target: Record<string, number> = {};
  for (const joint of phantom.truth.filter((t) => t.kind === 'joint')) {
    const mmol = participantMean + JOINT_SD_MMOL * random.normal();
    target[joint.name] = Math.round(mmol * 10) / 10;
    scale[joint.label] = mmol / joint.concentrationMmol;
  }
  const sodium = new Float32Array(phantom.sodium.length);
  for (let i = 0; i < sodium.length; i++) sodium[i] = phantom.sodium[i]! * scale[phantom.labels[i]!]!;
  const result = quantify({
    grid: phantom,
    sodium,
    labels: phantom.labels,
    legend,
    noiseCorrection: true,
  });
  const synthetic = `Synthetic demo phantom (${PHANTOM.size}³, SNR ${PHANTOM.snr}, seed ${PHANTOM.seed})`;
  const report = quantificationReport(result, {
    manusVersion: MANUS_VERSION,
    inputs: {
      sodium: synthetic,
      labels: `${synthetic}: label map`,
      legend: `${synthetic}: legend`,
      receiveField: null,
      transmitField: null,
      relaxation: null,
    },
    noiseCorrection: true,
    relaxationModel: null,
    grid: phantom,
    out: null,
  });
  return quantificationReportSchema.parse({
    ...report,
    parameters: {
      ...report.parameters,
      synthetic: { legend: rawLegend, arm, trueJointConcentrationsMmol: target },
    },
  });
}
