import type { Area, Finding } from './findings.js';
import { makeFinding } from './findings.js';

/**
 * Environments declared in configuration rather than in commands: Hatch envs in pyproject,
 * tox envs, Pipfile, nox sessions. Each file gets one finding naming its environments.
 */
export type ConfigKind = 'pyproject' | 'tox' | 'setup-cfg' | 'pipfile' | 'noxfile';

export function venvConfigFindings(rel: string, kind: ConfigKind, area: Area, text: string): Finding[] {
  const lines = text.split(/\r?\n/);
  const hits: { line: number; name: string; text: string }[] = [];
  let tool = '';
  if (kind === 'pyproject') {
    tool = 'Hatch/tox';
    const envs = new Map<string, { line: number; text: string; container: boolean }>();
    let currentEnv: string | null = null;
    lines.forEach((l, i) => {
      const h = l.match(/^\s*\[tool\.hatch\.envs\.("[^"]+"|[\w-]+)(?:\.[\w.-]+)?\]/);
      if (h) {
        currentEnv = h[1]!.replace(/"/g, '');
        if (!envs.has(currentEnv)) envs.set(currentEnv, { line: i + 1, text: l, container: false });
        return;
      }
      if (/^\s*\[/.test(l)) currentEnv = null;
      // hatch-containers: `type = "container"` envs already run in containers.
      if (currentEnv && /^\s*type\s*=\s*["']container["']/.test(l)) envs.get(currentEnv)!.container = true;
      if (/^\s*\[tool\.tox\]/.test(l)) hits.push({ line: i + 1, name: 'tox', text: l });
    });
    for (const [name, e] of envs) if (!e.container) hits.push({ line: e.line, name: `hatch:${name}`, text: e.text });
  } else if (kind === 'tox' || kind === 'setup-cfg') {
    tool = 'tox';
    lines.forEach((l, i) => {
      const t = l.match(/^\s*\[(tox|tox:tox|testenv(?::([^\]]+))?)\]/);
      if (t) hits.push({ line: i + 1, name: t[2] ?? t[1]!, text: l });
    });
  } else if (kind === 'pipfile') {
    tool = 'Pipenv';
    const i = lines.findIndex((l) => /^\s*\[(packages|dev-packages|requires)\]/.test(l));
    hits.push({ line: i >= 0 ? i + 1 : 1, name: 'pipenv', text: lines[i >= 0 ? i : 0] ?? '' });
  } else if (kind === 'noxfile') {
    tool = 'nox';
    lines.forEach((l, i) => {
      if (/^\s*@nox\.session\b/.test(l) && !/venv_backend\s*=\s*["']none["']|python\s*=\s*False/.test(l)) hits.push({ line: i + 1, name: (lines[i + 1]?.match(/def\s+(\w+)/)?.[1] ?? 'session'), text: l });
    });
  }
  if (!hits.length) return [];
  hits.sort((a, b) => a.line - b.line);
  const names = [...new Set(hits.map((h) => h.name))];
  return [
    makeFinding({
      rule: 'venv.tool-env',
      priority: 'medium',
      area,
      file: rel,
      line: hits[0]!.line,
      endLine: hits[hits.length - 1]!.line,
      evidence: hits[0]!.text,
      title: `${tool} environments defined (${names.join(', ')})`,
      why: `${tool} creates host virtualenvs for these environments, a second, drifting copy of what the container provides.`,
      action:
        kind === 'pyproject'
          ? 'Move the scripts to container commands (or set `type = "container"` with hatch-containers); keep the packaging metadata.'
          : kind === 'pipfile'
            ? 'Install the locked dependencies in the image (`pipenv install --system --deploy` in the Dockerfile) and stop creating host envs.'
            : `Run ${tool} inside the test container, or replace its environments with compose services.`,
      effort: 's',
    }),
  ];
}
