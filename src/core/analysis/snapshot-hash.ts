/**
 * Node-only (node:crypto): the SHA-256 of the canonical JSON of the analysis input, the data snapshot every result
 * names in its provenance. Kept apart so that the rest of src/core/analysis stays browser-safe.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/hash-chain.ts';
import type { AnalysisInput } from './input.ts';

export function snapshotSha256(input: AnalysisInput): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}
