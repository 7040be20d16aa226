/** A DICOM tag as one unsigned 32-bit number: group in the high 16 bits, element in the low 16 bits. */
export type Tag = number;

export const tag = (group: number, element: number): Tag => ((group << 16) | element) >>> 0;
export const groupOf = (t: Tag): number => t >>> 16;
export const elementOf = (t: Tag): number => t & 0xffff;
export const isPrivate = (t: Tag): boolean => (groupOf(t) & 1) === 1;
/** (gggg,0010)-(gggg,00FF) in an odd group name the creator of a block of private elements. */
export const isPrivateCreator = (t: Tag): boolean =>
  isPrivate(t) && elementOf(t) >= 0x10 && elementOf(t) <= 0xff;
export const isGroupLength = (t: Tag): boolean => elementOf(t) === 0;

/** dicom-parser names elements `xggggeeee`. */
export const parserKey = (t: Tag): string => `x${t.toString(16).padStart(8, '0')}`;
export const fromParserKey = (key: string): Tag => parseInt(key.slice(1), 16) >>> 0;

/** `(GGGG,EEEE)`, the form dcmdump and PS3.6 print. */
export const formatTag = (t: Tag): string =>
  `(${groupOf(t).toString(16).padStart(4, '0').toUpperCase()},${elementOf(t).toString(16).padStart(4, '0').toUpperCase()})`;

/** DICOM JSON (PS3.18 F.2) keys tags as eight upper-case hex digits. */
export const jsonKey = (t: Tag): string => t.toString(16).padStart(8, '0').toUpperCase();

/** The attributes Manus reads or rewrites by name. */
export const T = {
  FileMetaInformationVersion: tag(0x0002, 0x0001),
  MediaStorageSOPClassUID: tag(0x0002, 0x0002),
  MediaStorageSOPInstanceUID: tag(0x0002, 0x0003),
  TransferSyntaxUID: tag(0x0002, 0x0010),
  ImplementationClassUID: tag(0x0002, 0x0012),
  ImplementationVersionName: tag(0x0002, 0x0013),
  SourceApplicationEntityTitle: tag(0x0002, 0x0016),
  SpecificCharacterSet: tag(0x0008, 0x0005),
  ImageType: tag(0x0008, 0x0008),
  SOPClassUID: tag(0x0008, 0x0016),
  SOPInstanceUID: tag(0x0008, 0x0018),
  StudyDate: tag(0x0008, 0x0020),
  SeriesDate: tag(0x0008, 0x0021),
  AcquisitionDate: tag(0x0008, 0x0022),
  ContentDate: tag(0x0008, 0x0023),
  StudyTime: tag(0x0008, 0x0030),
  SeriesTime: tag(0x0008, 0x0031),
  AccessionNumber: tag(0x0008, 0x0050),
  Modality: tag(0x0008, 0x0060),
  Manufacturer: tag(0x0008, 0x0070),
  InstitutionName: tag(0x0008, 0x0080),
  ReferringPhysicianName: tag(0x0008, 0x0090),
  StationName: tag(0x0008, 0x1010),
  StudyDescription: tag(0x0008, 0x1030),
  SeriesDescription: tag(0x0008, 0x103e),
  ManufacturerModelName: tag(0x0008, 0x1090),
  PatientName: tag(0x0010, 0x0010),
  PatientID: tag(0x0010, 0x0020),
  PatientBirthDate: tag(0x0010, 0x0030),
  PatientBirthTime: tag(0x0010, 0x0032),
  PatientSex: tag(0x0010, 0x0040),
  PatientAge: tag(0x0010, 0x1010),
  PatientIdentityRemoved: tag(0x0012, 0x0062),
  DeidentificationMethod: tag(0x0012, 0x0063),
  DeidentificationMethodCodeSequence: tag(0x0012, 0x0064),
  CodeValue: tag(0x0008, 0x0100),
  CodingSchemeDesignator: tag(0x0008, 0x0102),
  CodeMeaning: tag(0x0008, 0x0104),
  SliceThickness: tag(0x0018, 0x0050),
  RepetitionTime: tag(0x0018, 0x0080),
  EchoTime: tag(0x0018, 0x0081),
  ImagingFrequency: tag(0x0018, 0x0084),
  ImagedNucleus: tag(0x0018, 0x0085),
  SpacingBetweenSlices: tag(0x0018, 0x0088),
  ProtocolName: tag(0x0018, 0x1030),
  ReceiveCoilName: tag(0x0018, 0x1250),
  TransmitCoilName: tag(0x0018, 0x1251),
  FlipAngle: tag(0x0018, 0x1314),
  EffectiveEchoTime: tag(0x0018, 0x9082),
  ImagingFrequencyEnhanced: tag(0x0018, 0x9098),
  ResonantNucleus: tag(0x0018, 0x9100),
  MRTimingAndRelatedParametersSequence: tag(0x0018, 0x9112),
  MREchoSequence: tag(0x0018, 0x9114),
  StudyInstanceUID: tag(0x0020, 0x000d),
  SeriesInstanceUID: tag(0x0020, 0x000e),
  StudyID: tag(0x0020, 0x0010),
  SeriesNumber: tag(0x0020, 0x0011),
  InstanceNumber: tag(0x0020, 0x0013),
  ImagePositionPatient: tag(0x0020, 0x0032),
  ImageOrientationPatient: tag(0x0020, 0x0037),
  FrameOfReferenceUID: tag(0x0020, 0x0052),
  PlanePositionSequence: tag(0x0020, 0x9113),
  PlaneOrientationSequence: tag(0x0020, 0x9116),
  SamplesPerPixel: tag(0x0028, 0x0002),
  PhotometricInterpretation: tag(0x0028, 0x0004),
  PlanarConfiguration: tag(0x0028, 0x0006),
  NumberOfFrames: tag(0x0028, 0x0008),
  Rows: tag(0x0028, 0x0010),
  Columns: tag(0x0028, 0x0011),
  PixelSpacing: tag(0x0028, 0x0030),
  BitsAllocated: tag(0x0028, 0x0100),
  BitsStored: tag(0x0028, 0x0101),
  HighBit: tag(0x0028, 0x0102),
  PixelRepresentation: tag(0x0028, 0x0103),
  BurnedInAnnotation: tag(0x0028, 0x0301),
  LongitudinalTemporalInformationModified: tag(0x0028, 0x0303),
  RescaleIntercept: tag(0x0028, 0x1052),
  RescaleSlope: tag(0x0028, 0x1053),
  PixelMeasuresSequence: tag(0x0028, 0x9110),
  PixelValueTransformationSequence: tag(0x0028, 0x9145),
  SharedFunctionalGroupsSequence: tag(0x5200, 0x9229),
  PerFrameFunctionalGroupsSequence: tag(0x5200, 0x9230),
  PixelData: tag(0x7fe0, 0x0010),
  Item: tag(0xfffe, 0xe000),
  ItemDelimitation: tag(0xfffe, 0xe00d),
  SequenceDelimitation: tag(0xfffe, 0xe0dd),
} as const;
