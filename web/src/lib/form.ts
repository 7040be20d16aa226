import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { clearDraft, loadDraft, saveDraft } from './drafts.ts';

export type FormValues = Record<string, string | boolean>;
export type FormErrors<V extends FormValues> = Partial<Record<keyof V & string, string>>;
type Field<V extends FormValues> = keyof V & string;
type TextEvent = ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>;

interface FormOptions<V extends FormValues> {
  initial: V;
  /** Returns translated messages; shown as soon as a field has been changed, and for all fields on submit. */
  validate?: (values: V) => FormErrors<V>;
  /** When set, unsaved values survive a reload (sessionStorage). */
  draftKey?: string;
  /** Fields never written to the draft store (passwords). */
  noDraft?: readonly Field<V>[];
}

function sameValues(a: FormValues, b: FormValues): boolean {
  return Object.keys(b).every((k) => a[k] === b[k]);
}

function restore<V extends FormValues>(initial: V, draft: Partial<V> | null): V {
  if (!draft) return initial;
  const next: FormValues = { ...initial };
  for (const key of Object.keys(initial)) {
    const value = draft[key];
    if (value !== undefined && typeof value === typeof initial[key]) next[key] = value;
  }
  return next as V;
}

/**
 * A small controlled-form helper: values, validation as you type, server field errors next to the fields,
 * Enter to submit (through a real <form>), and drafts that survive a reload.
 */
export function useForm<V extends FormValues>({ initial, validate, draftKey, noDraft = [] }: FormOptions<V>) {
  const [initialValues, setInitialValues] = useState(initial);
  const [values, setValues] = useState<V>(() =>
    restore(initialValues, draftKey ? loadDraft<V>(draftKey) : null),
  );
  const [draftRestored, setDraftRestored] = useState(() => !sameValues(values, initialValues));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerErrorState] = useState<ApiError | null>(null);
  const [editedSinceServer, setEditedSinceServer] = useState<ReadonlySet<string>>(new Set());
  const finished = useRef(false);
  const noDraftKey = noDraft.join(',');

  useEffect(() => {
    if (!draftKey || finished.current) return;
    if (sameValues(values, initialValues)) {
      clearDraft(draftKey);
      return;
    }
    const excluded = new Set(noDraftKey.split(','));
    const draft: FormValues = {};
    for (const [k, v] of Object.entries(values)) if (!excluded.has(k)) draft[k] = v;
    saveDraft(draftKey, draft);
  }, [draftKey, noDraftKey, values, initialValues]);

  const clientErrors: FormErrors<V> = validate ? validate(values) : {};
  const hasClientErrors = Object.values(clientErrors).some(Boolean);

  function error(name: Field<V>): string | undefined {
    const client = clientErrors[name];
    if (client && (submitted || touched.has(name))) return client;
    if (serverError && !editedSinceServer.has(name)) return serverError.fieldMessage(name);
    return undefined;
  }

  function setField<K extends Field<V>>(name: K, value: V[K]): void {
    setValues((current) => ({ ...current, [name]: value }));
    setTouched((current) => new Set(current).add(name));
    setEditedSinceServer((current) => new Set(current).add(name));
  }

  function touch(name: Field<V>): void {
    setTouched((current) => (current.has(name) ? current : new Set(current).add(name)));
  }

  return {
    values,
    /** The values the form started from (after a rebase: the record's latest values). */
    initial: initialValues,
    setField,
    error,
    serverError,
    hasClientErrors,
    draftRestored,
    dirty: !sameValues(values, initialValues),
    /** Props for TextInput, Textarea, PasswordInput and NativeSelect. */
    text(name: Field<V>) {
      return {
        name,
        value: String(values[name] ?? ''),
        onChange: (event: TextEvent) => setField(name, event.currentTarget.value as V[typeof name]),
        onBlur: () => touch(name),
        error: error(name),
      };
    },
    /** Props for Switch and Checkbox. */
    checkbox(name: Field<V>) {
      return {
        name,
        checked: Boolean(values[name]),
        onChange: (event: ChangeEvent<HTMLInputElement>) =>
          setField(name, event.currentTarget.checked as V[typeof name]),
      };
    },
    onSubmit(handler: (values: V) => void) {
      return (event?: FormEvent) => {
        event?.preventDefault();
        setSubmitted(true);
        if (hasClientErrors) return;
        handler(values);
      };
    },
    setServerError(error: unknown) {
      setServerErrorState(error instanceof ApiError ? error : null);
      setEditedSinceServer(new Set());
    },
    discardDraft() {
      if (draftKey) clearDraft(draftKey);
      setValues(initialValues);
      setDraftRestored(false);
      setTouched(new Set());
      setSubmitted(false);
    },
    /**
     * The record changed on the server (reloaded after a conflict): fields the user has not touched take the
     * new values, fields the user changed keep what was typed.
     */
    rebase(next: V) {
      setValues((current) => {
        const merged: FormValues = { ...current };
        for (const key of Object.keys(next))
          if (current[key] === initialValues[key]) merged[key] = next[key]!;
        return merged as V;
      });
      setInitialValues(next);
    },
    /** Call after a successful save: the draft is no longer needed. */
    finish() {
      finished.current = true;
      if (draftKey) clearDraft(draftKey);
    },
  };
}

export type Form<V extends FormValues> = ReturnType<typeof useForm<V>>;

/** Rebases the form when the record it edits gets a new version (e.g. reloaded after a 409). */
export function useRebaseOnVersion<V extends FormValues>(
  form: { rebase: (next: V) => void },
  version: number,
  currentValues: () => V,
): void {
  const seen = useRef(version);
  const latest = useRef(currentValues);
  latest.current = currentValues;
  const rebase = form.rebase;
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    rebase(latest.current());
    // Only a new version triggers a rebase.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);
}
