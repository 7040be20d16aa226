import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { InstrumentDefinition, MissingCode } from '../../../src/core/instruments/types.ts';
import type { FormRecord } from '../api/forms.ts';
import { clearDraft, loadDraft, saveDraft } from './drafts.ts';
import {
  draftOf,
  emptyInput,
  inputFromStored,
  rebaseInput,
  restoreDraft,
  sameInput,
  type FormInput,
  type RawValue,
} from './instrument-form.ts';

interface Draft {
  input: FormInput;
  variant: string | null;
  /** The record version the draft was typed on. */
  version: number;
}

function recordInput(definition: InstrumentDefinition, record: FormRecord | null): FormInput {
  return record ? inputFromStored(definition, record.values, record.missingCodes) : emptyInput(definition);
}

function defaultVariant(definition: InstrumentDefinition, record: FormRecord | null): string | null {
  return record?.variant ?? definition.variants?.[0]?.name ?? null;
}

interface State {
  base: FormInput;
  input: FormInput;
  baseVariant: string | null;
  variant: string | null;
  draftRestored: boolean;
  /** The draft was typed on an older version of the record. */
  draftOutdated: boolean;
}

/**
 * The state of one eCRF form: what is typed, against the record it started from. Unsaved input survives a
 * reload (sessionStorage draft, without identifying items); a newer version of the record (reloaded after a
 * conflict) is merged in, keeping what the user changed.
 */
export function useInstrumentForm(
  definition: InstrumentDefinition,
  record: FormRecord | null,
  draftKey: string,
) {
  const version = record?.version ?? 0;
  const [state, setState] = useState<State>(() => {
    const base = recordInput(definition, record);
    const baseVariant = defaultVariant(definition, record);
    const stored = loadDraft<Draft>(draftKey);
    const restored = stored ? restoreDraft(definition, base, stored.input) : null;
    const variant =
      typeof stored?.variant === 'string' && definition.variants?.some((v) => v.name === stored.variant)
        ? stored.variant
        : baseVariant;
    const draftRestored =
      restored !== null && (!sameInput(definition, restored, base) || variant !== baseVariant);
    return {
      base,
      input: draftRestored && restored ? restored : base,
      baseVariant,
      variant: draftRestored ? variant : baseVariant,
      draftRestored,
      draftOutdated: draftRestored && typeof stored?.version === 'number' && stored.version !== version,
    };
  });
  const seenVersion = useRef(version);

  // A new version of the record that this page did not save: rebase what is typed on it.
  useEffect(() => {
    if (seenVersion.current === version) return;
    seenVersion.current = version;
    const nextBase = recordInput(definition, record);
    const nextVariant = defaultVariant(definition, record);
    setState((s) => ({
      ...s,
      base: nextBase,
      input: rebaseInput(definition, s.input, s.base, nextBase),
      baseVariant: nextVariant,
      variant: s.variant === s.baseVariant ? nextVariant : s.variant,
    }));
    // Only a new version triggers a rebase.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  const dirty = !sameInput(definition, state.input, state.base) || state.variant !== state.baseVariant;

  useEffect(() => {
    if (!dirty) {
      clearDraft(draftKey);
      return;
    }
    const draft: Draft = { input: draftOf(definition, state.input), variant: state.variant, version };
    saveDraft(draftKey, draft);
  }, [definition, draftKey, dirty, state.input, state.variant, version]);

  const setValue = useCallback((id: string, value: RawValue) => {
    setState((s) => ({ ...s, input: { ...s.input, values: { ...s.input.values, [id]: value } } }));
  }, []);

  const setCode = useCallback((id: string, code: MissingCode | null) => {
    setState((s) => {
      const codes = { ...s.input.codes };
      if (code) codes[id] = code;
      else delete codes[id];
      return { ...s, input: { ...s.input, codes } };
    });
  }, []);

  const setVariant = useCallback((variant: string | null) => setState((s) => ({ ...s, variant })), []);

  return useMemo(
    () => ({
      input: state.input,
      base: state.base,
      variant: state.variant,
      dirty,
      draftRestored: state.draftRestored,
      draftOutdated: state.draftOutdated,
      setValue,
      setCode,
      setVariant,
      discardDraft() {
        clearDraft(draftKey);
        setState((s) => ({
          ...s,
          input: s.base,
          variant: s.baseVariant,
          draftRestored: false,
          draftOutdated: false,
        }));
      },
      /** The save succeeded: the saved record is the new starting point, and the draft is gone. */
      adopt(saved: FormRecord) {
        seenVersion.current = saved.version;
        clearDraft(draftKey);
        const base = recordInput(definition, saved);
        const baseVariant = defaultVariant(definition, saved);
        setState({
          base,
          input: base,
          baseVariant,
          variant: baseVariant,
          draftRestored: false,
          draftOutdated: false,
        });
      },
    }),
    [definition, draftKey, dirty, setCode, setValue, setVariant, state],
  );
}

export type InstrumentForm = ReturnType<typeof useInstrumentForm>;
