/**
 * The ODM input from an export snapshot: the form histories as the audit trail recorded them (already date-shifted
 * and without identifying items in a de-identified snapshot), each state's score total recomputed from its values
 * with the instrument's scoring (the trail keeps values, not every intermediate score), and every account an audit
 * record or a signature names; each participant's arm, and its final MRI readings (the same ones the CSV's
 * readings_final table holds, without the comments).
 */
import { INSTRUMENTS, getInstrument } from '../../instruments/registry.ts';
import { scoreValidated } from '../../instruments/score.ts';
import type { ExportForm, ExportSnapshot } from '../snapshot.ts';
import type { OdmForm, OdmInput, OdmUser } from './input.ts';

function odmForm(form: ExportForm): OdmForm {
  const definition = getInstrument(form.instrumentId);
  return {
    visitCode: form.visitCode,
    instrumentId: form.instrumentId,
    history: form.history.map((entry) => {
      const scored = scoreValidated(
        definition,
        { values: entry.values, missingCodes: { ...entry.missingCodes }, issues: [], warnings: [] },
        form.variant,
      );
      return {
        at: entry.at,
        username: entry.username,
        role: entry.role,
        reason: entry.reason,
        auditSeq: entry.seq,
        values: entry.values,
        missingCodes: entry.missingCodes,
        total: scored?.total ?? null,
      };
    }),
    signature: form.signature
      ? { username: form.signature.signedBy, at: form.signature.signedAt, meaning: form.signature.meaning }
      : null,
  };
}

export function odmInputFromSnapshot(snapshot: ExportSnapshot): OdmInput {
  const users = new Map<string, OdmUser>(
    snapshot.users.map((u) => [
      u.username,
      { username: u.username, displayName: u.displayName, role: u.role },
    ]),
  );
  // Accounts named only by the trail (the command line's operator, the server acting on its own) are users too;
  // a signer is in the trail, through the form's `form.sign` event.
  for (const form of snapshot.forms) {
    for (const entry of form.history) {
      if (!users.has(entry.username)) {
        users.set(entry.username, {
          username: entry.username,
          displayName: entry.username,
          role: entry.role,
        });
      }
    }
  }
  return {
    protocol: snapshot.study.protocol,
    instruments: INSTRUMENTS,
    users: [...users.values()],
    subjects: snapshot.participants.map((participant) => ({
      code: participant.code,
      arm: participant.arm,
      forms: snapshot.forms.filter((f) => f.participantCode === participant.code).map(odmForm),
      readings: snapshot.readings.flatMap((r) =>
        r.participantCode === participant.code && r.final
          ? [
              {
                examCode: r.examCode,
                kind: r.final.kind,
                finalizedAt: r.final.finalizedAt,
                findings: r.final.findings,
              },
            ]
          : [],
      ),
    })),
    createdAt: snapshot.generatedAt,
    manusVersion: snapshot.manusVersion,
  };
}
