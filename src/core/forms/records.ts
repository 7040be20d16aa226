import type { FieldIssue } from '../errors.ts';
import type { ItemValues, LocalizedText, MissingCode, ScoreResult } from '../instruments/types.ts';
import type { FormStatus, QueryStatus, SignatureMeaning } from './lifecycle.ts';

/** The eCRF records as the API returns them: one shape for the server, the CLI and the web app. */
export interface Signature {
  signedBy: string;
  signedByName: string;
  signedAt: string;
  meaning: SignatureMeaning;
  statement: LocalizedText;
}

export interface FormRecord {
  id: string;
  participantId: string;
  visitCode: string;
  instrumentId: string;
  definitionVersion: string;
  status: FormStatus;
  variant: string | null;
  values: ItemValues;
  missingCodes: Record<string, MissingCode>;
  warnings: FieldIssue[];
  score: ScoreResult | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  signature: Signature | null;
  version: number;
  updatedAt: string;
}

/** A data query on one item of one form: open → answered → closed. */
export interface DataQuery {
  id: string;
  formId: string;
  participantCode: string;
  visitCode: string;
  instrumentId: string;
  itemId: string;
  status: QueryStatus;
  question: string;
  openedBy: string;
  openedAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  closeNote: string | null;
  closedBy: string | null;
  closedAt: string | null;
  version: number;
}
