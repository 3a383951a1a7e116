// The rules for a learning rate or dSteps changed in a live run, shared by the command's input box
// and the dashboard's fields (the trainer's guard, isTrainingAdjustment, holds the same). Pure.

/** Why `text` is not a valid value of a setting, or undefined when it is. */
export function adjustmentError(text: string, integer: boolean): string | undefined {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) return 'Type a number.';
  if (integer) return Number.isInteger(v) && v >= 1 && v <= 100 ? undefined : 'dSteps: a whole number from 1 to 100.';
  return v > 0 && v < 10 ? undefined : 'A learning rate above 0 and below 10, such as 0.0002.';
}
