/** What ScalarInput hands down to the inputs it delegates to (NumberText, DigitScale). */
export interface InputAttributes {
  id: string;
  'aria-describedby'?: string | undefined;
  'aria-label'?: string | undefined;
  error: boolean;
  size: 'sm';
}
