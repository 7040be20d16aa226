/**
 * When the reading events of the workflow happen (a task started, a read submitted, an exam's reading final) and
 * what "now" is for due dates. The services take it as a parameter so that the demo seed can record each
 * radiologist's work at a plausible time after the MRI, as it would have happened, and tests can stand at a given
 * time; the server always uses the system clock. Audit events and record bookkeeping (created and updated times)
 * always carry the real time, whatever the clock says.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
