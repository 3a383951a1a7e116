// What a new experiment may be called: its name is its file's (NAME.gan.json) and its runs folder's
// (.gan-runs/NAME), so it must be a file name on every system the workspace may be opened on. Pure.

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i; // Windows refuses these as file names

/** Why `name` cannot name an experiment, or undefined when it can. */
export function experimentNameProblem(name: string): string | undefined {
  const n = name.trim();
  if (!n) return 'Give the experiment a name.';
  if (n.endsWith('.gan.json')) return experimentNameProblem(n.slice(0, -'.gan.json'.length));
  if (/[\\/:*?"<>|]/.test(n) || [...n].some((c) => c.charCodeAt(0) < 32))
    return 'A name cannot hold / \\ : * ? " < > | (it names a file and a folder).';
  if (n.startsWith('.')) return 'A name cannot start with a dot (the file would be hidden).';
  if (RESERVED.test(n)) return `"${n}" is reserved on Windows; choose another name.`;
  if (n.length > 100) return 'Keep the name under 100 characters.';
  return undefined;
}

/** The experiment's name from what the user typed: trimmed, without a `.gan.json` they added. */
export const experimentNameOf = (typed: string) => typed.trim().replace(/\.gan\.json$/, '');
