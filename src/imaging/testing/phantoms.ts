import type { Phantom } from './dcmtk.ts';

/**
 * Synthetic MR series for the tests: invented people, invented UIDs, values that make every pixel checkable.
 * Geometry is oblique on purpose, so that a swapped row/column or a wrong slice order changes the affine.
 */
export const ROW_DIR = [0.9950041652780258, 0.09983341664682815, 0] as const;
export const COL_DIR = [-0.09983341664682815, 0.9950041652780258, 0] as const;
export const PIXEL_SPACING = [0.5, 0.25] as const; // [between rows, between columns]
export const SLICE_GAP = 1.5;
export const ORIGIN = [-40.25, 12.5, 33] as const;

export const sliceValue = (i: number, j: number, k: number): number => (i * 37 + j * 11 + k * 401) % 4096;

export const phantom16 = (rows: number, columns: number, frames = 1, offset = 0): Phantom => ({
  rows,
  columns,
  frames,
  bits: 16,
  value: (i, j, f) => sliceValue(i, j, f + offset),
});

export const phantom8 = (rows: number, columns: number): Phantom => ({
  rows,
  columns,
  bits: 8,
  value: (i, j) => Math.round(128 + 100 * Math.sin(i / 5) * Math.cos(j / 7)) & 0xff,
});

/** ImagePositionPatient of slice k: origin + k × gap along the normal (row × column = +z here). */
export const slicePosition = (k: number): [number, number, number] => [
  ORIGIN[0],
  ORIGIN[1],
  ORIGIN[2] + k * SLICE_GAP,
];

const ds = (v: readonly number[]): string => v.map((x) => String(+x.toFixed(10))).join('\\');

export interface Identity {
  familyName: string;
  givenName: string;
  patientId: string;
  birthDate: string;
  otherId: string;
  institution: string;
  physician: string;
  operator: string;
  accession: string;
  address: string;
  phone: string;
  studyUid: string;
  seriesUid: string;
  frameOfReferenceUid: string;
}

export const IDENTITY_A: Identity = {
  familyName: 'Lefèvre-Çaron',
  givenName: 'Hélène',
  patientId: 'IPP-77120458',
  birthDate: '19580312',
  otherId: 'NIR-2580375120458',
  institution: 'Clinique Imaginaire Saint-Éloi',
  physician: 'Dr Bérénice Aubépine',
  operator: 'Técla Manipulatrice',
  accession: 'ACC-99431',
  address: '12 rue des Lilas Fictifs, 86000 Nowhere',
  phone: '+33 5 99 99 12 34',
  studyUid: '1.2.826.0.1.3680043.99.1.7701',
  seriesUid: '1.2.826.0.1.3680043.99.1.7701.2',
  frameOfReferenceUid: '1.2.826.0.1.3680043.99.1.7701.9',
};

/** Header lines of a classic MR Image Storage slice. */
export function classicMrLines(options: {
  identity: Identity;
  charset: 'ISO_IR 100' | 'ISO_IR 192';
  k: number;
  sopUid: string;
  seriesUid?: string;
  seriesDescription?: string;
  nucleus?: '1H' | '23NA';
}): string[] {
  const id = options.identity;
  return [
    '(0002,0002) UI =MRImageStorage',
    `(0002,0003) UI [${options.sopUid}]`,
    `(0008,0005) CS [${options.charset}]`,
    '(0008,0008) CS [ORIGINAL\\PRIMARY\\M\\ND]',
    '(0008,0016) UI =MRImageStorage',
    `(0008,0018) UI [${options.sopUid}]`,
    '(0008,0020) DA [20250314]',
    '(0008,0021) DA [20250314]',
    '(0008,0030) TM [101502.250]',
    '(0008,0031) TM [102233]',
    `(0008,0050) SH [${id.accession}]`,
    '(0008,0060) CS [MR]',
    '(0008,0070) LO [SIEMENS]',
    `(0008,0080) LO [${id.institution}]`,
    `(0008,0090) PN [${id.physician}]`,
    '(0008,1010) SH [MAGNETOM7T]',
    `(0008,103e) LO [${options.seriesDescription ?? 't1_vibe_hands'}]`,
    `(0008,1070) PN [${id.operator}]`,
    '(0008,1090) LO [MAGNETOM Terra]',
    `(0010,0010) PN [${id.familyName}^${id.givenName}]`,
    `(0010,0020) LO [${id.patientId}]`,
    `(0010,0030) DA [${id.birthDate}]`,
    '(0010,0040) CS [F]',
    `(0010,1000) LO [${id.otherId}]`,
    `(0010,1040) LO [${id.address}]`,
    '(0010,1030) DS [61.5]',
    `(0018,0080) DS [${options.nucleus === '23NA' ? '100' : '12.5'}]`,
    `(0018,0081) DS [${options.nucleus === '23NA' ? '0.3' : '4.1'}]`,
    `(0018,0085) SH [${options.nucleus ?? '1H'}]`,
    '(0018,0087) DS [7]',
    `(0018,0050) DS [${SLICE_GAP}]`,
    '(0018,1000) LO [SN-70001]',
    '(0018,1250) SH [Hand 8ch]',
    '(0018,1314) DS [12]',
    `(0020,000d) UI [${id.studyUid}]`,
    `(0020,000e) UI [${options.seriesUid ?? id.seriesUid}]`,
    '(0020,0011) IS [3]',
    `(0020,0013) IS [${options.k + 1}]`,
    `(0020,0032) DS [${ds(slicePosition(options.k))}]`,
    `(0020,0037) DS [${ds([...ROW_DIR, ...COL_DIR])}]`,
    `(0020,0052) UI [${id.frameOfReferenceUid}]`,
    `(0028,0030) DS [${ds(PIXEL_SPACING)}]`,
    '(0028,1052) DS [-100]',
    '(0028,1053) DS [0.5]',
  ];
}

/** Header lines of an enhanced MR Image Storage file whose geometry lives only in the functional groups. */
export function enhancedMrLines(options: { identity: Identity; sopUid: string; frames: number }): string[] {
  const id = options.identity;
  const item = (lines: string[]): string[] => [
    '(fffe,e000) na (Item)',
    ...lines,
    '(fffe,e00d) na (ItemDelimitationItem)',
  ];
  const seq = (t: string, items: string[][]): string[] => [
    `${t} SQ (Sequence)`,
    ...items.flatMap(item),
    '(fffe,e0dd) na (SequenceDelimitationItem)',
  ];
  const perFrame = Array.from({ length: options.frames }, (_, f) => [
    ...seq('(0020,9111)', [
      [`(0018,9074) DT [2025031410${String(15 + f).padStart(2, '0')}02.5]`, `(0020,9157) UL 1\\${f + 1}`],
    ]),
    ...seq('(0020,9113)', [[`(0020,0032) DS [${ds(slicePosition(f))}]`]]),
    ...seq('(0028,9145)', [['(0028,1052) DS [-100]', '(0028,1053) DS [0.5]', '(0028,1054) LO [US]']]),
  ]);
  return [
    '(0002,0002) UI =EnhancedMRImageStorage',
    `(0002,0003) UI [${options.sopUid}]`,
    '(0008,0005) CS [ISO_IR 192]',
    '(0008,0008) CS [ORIGINAL\\PRIMARY\\M\\NONE]',
    '(0008,0016) UI =EnhancedMRImageStorage',
    `(0008,0018) UI [${options.sopUid}]`,
    '(0008,0020) DA [20250314]',
    '(0008,0023) DA [20250314]',
    '(0008,002a) DT [20250314101502.25]',
    '(0008,0030) TM [101502]',
    `(0008,0050) SH [${id.accession}]`,
    '(0008,0060) CS [MR]',
    '(0008,0070) LO [SIEMENS]',
    `(0008,0080) LO [${id.institution}]`,
    `(0008,0090) PN [${id.physician}]`,
    '(0008,103e) LO [na_3d_radial]',
    `(0010,0010) PN [${id.familyName}^${id.givenName}]`,
    `(0010,0020) LO [${id.patientId}]`,
    `(0010,0030) DA [${id.birthDate}]`,
    '(0010,0040) CS [F]',
    '(0018,9008) CS [GRADIENT]',
    '(0018,9100) CS [23NA]',
    `(0020,000d) UI [${id.studyUid}]`,
    `(0020,000e) UI [${id.seriesUid}.5]`,
    '(0020,0011) IS [9]',
    '(0020,0013) IS [1]',
    `(0020,0052) UI [${id.frameOfReferenceUid}]`,
    ...seq('(5200,9229)', [
      [
        ...seq('(0018,9112)', [['(0018,0080) FD 100', '(0018,1314) FD 70']]),
        ...seq('(0018,9114)', [['(0018,9082) FD 0.3']]),
        ...seq('(0020,9116)', [[`(0020,0037) DS [${ds([...ROW_DIR, ...COL_DIR])}]`]]),
        ...seq('(0028,9110)', [[`(0028,0030) DS [${ds(PIXEL_SPACING)}]`, `(0018,0050) DS [${SLICE_GAP}]`]]),
      ],
    ]),
    ...seq('(5200,9230)', perFrame),
  ];
}
