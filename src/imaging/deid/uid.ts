import { createHmac } from 'node:crypto';
import { T, tag, type Tag } from '../dicom/tag.ts';

/**
 * UID remapping: HMAC-SHA-256 of the original UID under the study's secret, truncated to 128 bits and written as a
 * `2.25.` UID (PS3.5 B.2): at most 44 characters, the same original always giving the same new UID, and nobody
 * without the secret able to recompute the link from the originals (unlike an unsalted hash).
 */
export function remapUid(secret: Uint8Array, uid: string): string {
  const digest = createHmac('sha256', secret).update(uid, 'latin1').digest();
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString(10)}`;
}

/** UIDs defined by the standard (classes, transfer syntaxes, coding schemes) identify nothing and stay. */
export const isStandardUid = (uid: string): boolean => uid.startsWith('1.2.840.10008.');

/** Attributes whose UI value names a class or a syntax, never an instance: never remapped. */
export const CLASS_UID_TAGS: ReadonlySet<Tag> = new Set([
  T.MediaStorageSOPClassUID,
  T.TransferSyntaxUID,
  T.SOPClassUID,
  tag(0x0008, 0x1150), // ReferencedSOPClassUID
  tag(0x0004, 0x1510), // ReferencedSOPClassUIDInFile
  tag(0x0008, 0x010c), // CodingSchemeUID
  tag(0x0008, 0x0117), // ContextUID
  tag(0x0008, 0x001a), // RelatedGeneralSOPClassUID
  tag(0x0008, 0x001b), // OriginalSpecializedSOPClassUID
  tag(0x0008, 0x0062), // SOPClassesInStudy
  tag(0x0018, 0x100b), // ManufacturerDeviceClassUID
]);
