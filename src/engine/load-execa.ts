/** execa and its dependencies take about 50 ms to load: only a run that starts a command pays for them. */
export async function loadExeca(): Promise<typeof import('execa').execa> {
  return (await import('execa')).execa;
}
