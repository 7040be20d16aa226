/**
 * Process-level handlers for `manus serve`: an exception or promise rejection that escapes every handler (a
 * defect: a stream error with no listener, a callback that throws) is logged with its stack and the server keeps
 * serving. Each request runs in its own handler with its own error path, and every database write is a
 * transaction, so what such a defect leaves behind is at most one unanswered request, not a half-written record;
 * ending the process would instead cut every other user's request and any running import. Answers a function
 * that removes the handlers.
 */
export function keepServingOnDefects(log: (message: string) => void): () => void {
  const report = (what: string) => (error: unknown) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${what} (the server keeps running): ${detail}`);
  };
  const onException = report('Uncaught exception');
  const onRejection = report('Unhandled promise rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
