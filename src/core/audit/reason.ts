/** The longest reason for change accepted; the form fields and the server's schemas share it. */
export const REASON_MAX_LENGTH = 2000;
