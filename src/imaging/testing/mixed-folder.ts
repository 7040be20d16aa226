import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDicom, type Encoding } from './dcmtk.ts';
import { classicMrLines, enhancedMrLines, IDENTITY_A, phantom16, type Identity } from './phantoms.ts';
import { phiCorpus } from './phi-corpus.ts';
import { zipStored } from './zip.ts';

export interface MixedFolder {
  root: string;
  identifying: string[];
  uids: string[];
  /** How many DICOM instances the folder holds (good files only). */
  instances: number;
  badFiles: string[];
}

export const IDENTITY_B: Identity = {
  ...IDENTITY_A,
  familyName: 'Øster-Noël',
  givenName: 'François',
  patientId: 'IPP-55020931',
  birthDate: '19710830',
  otherId: 'NIR-1710830450077',
  studyUid: '1.2.826.0.1.3680043.99.5.8802',
  seriesUid: '1.2.826.0.1.3680043.99.5.8802.2',
  frameOfReferenceUid: '1.2.826.0.1.3680043.99.5.8802.9',
};

/**
 * The "done when" folder of issue 5: several transfer syntaxes, an enhanced multi-frame MR, a 23Na series, a
 * zip, a non-DICOM file and a truncated file, every DICOM file carrying the PHI corpus. Patient names are in the
 * folder and file names too, as scanners' exports often do.
 */
export function mixedFolder(dir: string, identity: Identity = IDENTITY_A): MixedFolder {
  const work = join(dir, 'work');
  const root = join(dir, `${identity.familyName}_${identity.givenName}`);
  mkdirSync(work, { recursive: true });
  mkdirSync(join(root, 'T1'), { recursive: true });
  mkdirSync(join(root, 'Na'), { recursive: true });
  const encodings: Encoding[] = ['explicit', 'implicit', 'big', 'deflate', 'rle', 'jpeg-lossless', 'jpeg-ls'];
  const identifying = new Set<string>();
  const uids = new Set<string>([identity.studyUid, identity.seriesUid, identity.frameOfReferenceUid]);
  let instances = 0;
  const withCorpus = (base: string[], seed: number): string[] => {
    const exclude = new Set(base.map((l) => l.slice(0, 11).toLowerCase()));
    const corpus = phiCorpus(identity, seed, exclude);
    corpus.identifying.forEach((s) => identifying.add(s));
    corpus.uids.forEach((u) => uids.add(u));
    return [...base, ...corpus.lines];
  };
  encodings.forEach((encoding, k) => {
    const sop = `${identity.studyUid}.10.${k + 1}`;
    uids.add(sop);
    const file = makeDicom(
      work,
      `t1-${k}`,
      withCorpus(
        classicMrLines({ identity, charset: k % 2 ? 'ISO_IR 192' : 'ISO_IR 100', k, sopUid: sop }),
        100 + k,
      ),
      phantom16(8, 6, 1, k),
      encoding,
      k % 2 ? 'utf8' : 'latin1',
    );
    copyFileSync(file, join(root, 'T1', `${identity.familyName}_${k}.dcm`));
    instances += 1;
  });
  for (let k = 0; k < 3; k++) {
    const sop = `${identity.studyUid}.20.${k + 1}`;
    uids.add(sop);
    const file = makeDicom(
      work,
      `na-${k}`,
      withCorpus(
        classicMrLines({
          identity,
          charset: 'ISO_IR 100',
          k,
          sopUid: sop,
          seriesUid: `${identity.seriesUid}.23`,
          seriesDescription: 'na_radial_128',
          nucleus: '23NA',
        }),
        200 + k,
      ),
      phantom16(4, 4, 1, k),
      'explicit',
    );
    copyFileSync(file, join(work, `na-${k}.dcm`));
    instances += 1;
  }
  // The sodium series arrives zipped, as reconstruction off the scanner often delivers it.
  writeFileSync(
    join(root, 'Na', 'sodium.zip'),
    zipStored(
      [0, 1, 2].map((k) => ({
        name: `Na/${identity.familyName}-${k}.dcm`,
        bytes: readFileSync(join(work, `na-${k}.dcm`)),
      })),
    ),
  );
  const enhancedSop = `${identity.studyUid}.30.1`;
  uids.add(enhancedSop);
  const enhanced = makeDicom(
    work,
    'enhanced',
    withCorpus(enhancedMrLines({ identity, sopUid: enhancedSop, frames: 4 }), 300),
    phantom16(6, 5, 4),
    'jpeg-ls',
    'utf8',
  );
  copyFileSync(enhanced, join(root, 'enhanced.dcm'));
  instances += 1;
  writeFileSync(join(root, 'notes.txt'), `Patient ${identity.familyName}: hands MRI, see series list.\n`);
  const whole = readFileSync(join(root, 'T1', `${identity.familyName}_0.dcm`));
  writeFileSync(join(root, 'truncated.dcm'), whole.subarray(0, whole.length - 40));
  identifying.add(identity.familyName);
  identifying.add(identity.givenName);
  return {
    root,
    identifying: [...identifying],
    uids: [...uids],
    instances,
    badFiles: ['notes.txt', 'truncated.dcm'],
  };
}
