/**
 * The hand anatomy that MRI readings are recorded against. Every structure has a stable id: the side prefix
 * (`R.` or `L.`) then a side-free part, which is also the id of the structure with left and right pooled.
 *
 * Id scheme (side-free part):
 * - joints: `DRUJ`, `RC` (radiocarpal), `MC` (midcarpal/intercarpal), `CMC1`, `CMC2-5`, `MCP1`…`MCP5`, `IP1` (thumb),
 *   `PIP2`…`PIP5`, `DIP2`…`DIP5`;
 * - bones: `bone.radius`, `bone.ulna`, `bone.scaphoid`, `bone.lunate`, `bone.triquetrum`, `bone.pisiform`,
 *   `bone.trapezium`, `bone.trapezoid`, `bone.capitate`, `bone.hamate`, `bone.mc<N>.base`, `bone.mc<N>.head`
 *   (N = 1…5), `bone.phalanx.proximal.<N>` (1…5), `bone.phalanx.middle.<N>` (2…5), `bone.phalanx.distal.<N>` (1…5);
 * - tendon sites: `tendon.extensor.<I>` (compartments I = 1…6), `tendon.flexor.wrist`, `tendon.flexor.<N>`
 *   (finger sheaths N = 1…5);
 * - arteries: `artery.radial`, `artery.ulnar`, `artery.arch.superficial`, `artery.arch.deep`,
 *   `artery.common-digital.<K>` (K = 1…4, the web spaces), `artery.digital.<N>.radial` and `artery.digital.<N>.ulnar`
 *   (proper palmar digital arteries of finger N = 1…5);
 * - veins: `vein.digital.<N>` (dorsal digital vein territory of finger N = 1…5).
 */
export type Side = 'R' | 'L';

export type StructureKind = 'joint' | 'bone' | 'tendon' | 'artery' | 'vein';

export type Finger = 1 | 2 | 3 | 4 | 5;

export interface AnatomyStructure {
  /** `R.MCP2`, `L.bone.lunate`, `R.artery.digital.3.ulnar`. */
  id: string;
  side: Side;
  kind: StructureKind;
  /** The id without its side prefix: the site of left and right pooled (`MCP2`, `bone.lunate`). */
  pooledId: string;
  label: { en: string; fr: string };
  /** The finger (1 = thumb) a structure belongs to, when it belongs to one. */
  finger: Finger | null;
  /**
   * Scored by OMERACT RAMRIS (Østergaard 2003/2017; tenosynovitis: Glinatsi 2017); false for the sites that 7 T makes
   * readable and that the study records as extensions (PIP, DIP, thumb, phalanges…). Arteries and veins: false.
   */
  ramris: boolean;
}
