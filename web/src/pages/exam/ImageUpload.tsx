import { Alert, Box, Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { upload } from '../../api/client.ts';
import { imagingKeys, uploadUrl, type ImportSummary } from '../../api/imaging.ts';
import type { Id } from '../../api/types.ts';
import { FormErrorAlert } from '../../components/ErrorAlert.tsx';
import {
  ArchiveError,
  archiveOf,
  filesFromDrop,
  filesFromInput,
  type PickedFile,
} from '../../lib/archive.ts';
import { useFormat } from '../../lib/format.ts';

type UploadState =
  | { phase: 'idle' }
  | { phase: 'reading'; done: number; total: number }
  | { phase: 'uploading'; sent: number; total: number }
  | { phase: 'importing' }
  | { phase: 'done'; summary: ImportSummary }
  | { phase: 'failed'; error: unknown }
  | { phase: 'cancelled' };

/** Errors listed in full up to this many; a whole folder of wrong files would otherwise fill the page. */
const ERRORS_SHOWN = 20;

/**
 * Drag and drop (or pick) a folder, files or a zip archive onto an MRI exam: the files go up as one zip with a
 * progress bar, the server de-identifies and stores them, and the import summary is shown.
 */
export function ImageUpload({ examId }: { examId: Id }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const busy = state.phase === 'reading' || state.phase === 'uploading' || state.phase === 'importing';

  // Leaving the page cancels an upload in progress instead of letting it finish unseen.
  useEffect(() => () => abort.current?.abort(), []);

  async function send(files: PickedFile[]) {
    if (busy) return;
    const controller = new AbortController();
    abort.current = controller;
    try {
      setState({ phase: 'reading', done: 0, total: files.length });
      const archive = await archiveOf(
        files,
        (done, total) => setState({ phase: 'reading', done, total }),
        controller.signal,
      );
      setState({ phase: 'uploading', sent: 0, total: archive.size });
      const summary = await upload<ImportSummary>(uploadUrl(examId), archive, 'application/zip', {
        signal: controller.signal,
        onProgress: (sent, total) =>
          setState(sent < total ? { phase: 'uploading', sent, total } : { phase: 'importing' }),
      });
      setState({ phase: 'done', summary });
    } catch (error) {
      setState(
        error instanceof DOMException && error.name === 'AbortError'
          ? { phase: 'cancelled' }
          : { phase: 'failed', error },
      );
    } finally {
      abort.current = null;
      // Even a failed import may have stored part of the files.
      void queryClient.invalidateQueries({ queryKey: imagingKeys.examSeries(examId) });
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    void filesFromDrop(event.dataTransfer).then(send, (error: unknown) =>
      setState({ phase: 'failed', error }),
    );
  }

  return (
    <Stack gap="sm">
      <Box
        data-testid="image-dropzone"
        aria-label={t('upload.dropzone')}
        role="group"
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
          setDragging(true);
        }}
        onDragLeave={(event) => {
          // Moving over the zone's own text and buttons also fires dragleave: only leaving the zone counts.
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        p="lg"
        style={{
          border: `2px dashed var(--mantine-color-${dragging ? 'blue-6' : 'gray-4'})`,
          borderRadius: 'var(--mantine-radius-sm)',
          background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
          textAlign: 'center',
        }}
      >
        <Text fw={600}>{t('upload.drop')}</Text>
        <Text size="sm" c="dimmed" mb="sm">
          {t('upload.dropHint')}
        </Text>
        <Group justify="center" gap="xs">
          <Button variant="default" size="xs" disabled={busy} onClick={() => filesInput.current?.click()}>
            {t('upload.chooseFiles')}
          </Button>
          <Button variant="default" size="xs" disabled={busy} onClick={() => folderInput.current?.click()}>
            {t('upload.chooseFolder')}
          </Button>
        </Group>
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          data-testid="image-files-input"
          onChange={(event) => {
            void send(filesFromInput(event.currentTarget.files));
            event.currentTarget.value = '';
          }}
        />
        <input
          ref={(input) => {
            folderInput.current = input;
            // Not in React's attribute list: set on the element, where Chromium, Firefox and Safari read it.
            if (input) input.webkitdirectory = true;
          }}
          type="file"
          hidden
          data-testid="image-folder-input"
          onChange={(event) => {
            void send(filesFromInput(event.currentTarget.files));
            event.currentTarget.value = '';
          }}
        />
      </Box>
      {busy && <UploadProgress state={state} onCancel={() => abort.current?.abort()} fmt={fmt} />}
      {state.phase === 'done' && <ImportResult summary={state.summary} />}
      {state.phase === 'cancelled' && (
        <Alert color="gray" variant="light" role="status">
          {t('upload.cancelled')}
        </Alert>
      )}
      {state.phase === 'failed' &&
        (state.error instanceof ArchiveError ? (
          <Alert color="red" variant="light" role="alert" title={t('upload.failedTitle')}>
            {t(`upload.${state.error.problem.kind}`, {
              max: 'max' in state.error.problem ? state.error.problem.max : 0,
            })}
          </Alert>
        ) : (
          <FormErrorAlert error={state.error} />
        ))}
    </Stack>
  );
}

function UploadProgress({
  state,
  onCancel,
  fmt,
}: {
  state: UploadState;
  onCancel: () => void;
  fmt: ReturnType<typeof useFormat>;
}) {
  const { t } = useTranslation();
  const [value, label] =
    state.phase === 'reading'
      ? [
          (100 * state.done) / Math.max(1, state.total),
          t('upload.reading', { done: state.done, total: state.total }),
        ]
      : state.phase === 'uploading'
        ? [
            (100 * state.sent) / Math.max(1, state.total),
            t('upload.uploading', { sent: fmt.fileSize(state.sent), total: fmt.fileSize(state.total) }),
          ]
        : [100, t('upload.importing')];
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" role="status">
          {label}
        </Text>
        {state.phase !== 'importing' && (
          <Button size="compact-xs" variant="default" onClick={onCancel}>
            {t('upload.cancel')}
          </Button>
        )}
      </Group>
      <Progress
        value={value}
        size="lg"
        aria-label={t('upload.progress')}
        striped={state.phase === 'importing'}
        animated={state.phase === 'importing'}
      />
    </Stack>
  );
}

function ImportResult({ summary }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  const errors = summary.errors;
  return (
    <Alert
      color={errors.length ? 'yellow' : 'green'}
      variant="light"
      role="status"
      title={errors.length ? t('upload.summaryWithErrors') : t('upload.summaryTitle')}
      data-testid="import-summary"
    >
      <Text size="sm">
        {t('upload.summary', {
          imported: summary.imported,
          skipped: summary.skipped,
          errors: errors.length,
        })}
      </Text>
      {errors.length > 0 && (
        <List size="sm" mt={4}>
          {errors.slice(0, ERRORS_SHOWN).map((e) => (
            <List.Item key={`${e.path}:${e.reason}`}>
              <span className="mono">{e.path}</span>: {e.reason}
            </List.Item>
          ))}
          {errors.length > ERRORS_SHOWN && (
            <List.Item>{t('upload.moreErrors', { count: errors.length - ERRORS_SHOWN })}</List.Item>
          )}
        </List>
      )}
    </Alert>
  );
}
