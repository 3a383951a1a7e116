// What a run is called where people see it: its label, else when it started ("Dec 2, 02:58:00"),
// else its folder's id. Pure; used by the runs view and the Compare panel.

export function runDisplayName(id: string, startedAt: string | undefined, label?: string): string {
  if (label) return label;
  const t = startedAt ? new Date(startedAt) : undefined;
  if (!t || Number.isNaN(t.getTime())) return id;
  return t.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
