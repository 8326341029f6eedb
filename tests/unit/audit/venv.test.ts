import { describe, expect, it } from 'vitest';
import { matchCommand, VenvLineScanner, type ScanMode } from '../../../src/audit/venv.js';

function scan(mode: ScanMode, text: string): { line: number; kind: string }[] {
  const s = new VenvLineScanner(mode);
  text.split('\n').forEach((l, i) => s.push(l, i + 1));
  s.end();
  return s.matches.filter((m) => !m.weak).map((m) => ({ line: m.line, kind: m.kind }));
}

describe('venv command patterns', () => {
  it.each([
    ['python -m venv .venv', 'create'],
    ['python3.11 -m venv /tmp/x', 'create'],
    ['py -3.12 -m venv venv', 'create'],
    ['$(PYTHON) -m venv $(VENV)', 'create'],
    ['virtualenv -p python3 env', 'create'],
    ['uv venv', 'create'],
    ['conda create -n app python=3.12', 'create'],
    ['source .venv/bin/activate', 'activate'],
    ['. venv/bin/activate', 'activate'],
    ['venv\\Scripts\\activate', 'activate'],
    ['call venv\\Scripts\\activate.bat', 'activate'],
    ['.\\.venv\\Scripts\\Activate.ps1', 'activate'],
    ['.venv/bin/pytest -q', 'activate'],
    ['poetry install --no-root', 'tool'],
    ['pipenv install --dev', 'tool'],
    ['hatch env create', 'tool'],
    ['tox -e py312', 'tool'],
    ['pip install -r requirements.txt', 'pip'],
    ['python -m pip install --requirement=req.txt', 'pip'],
    ['pip3 install -e .', 'pip'],
  ])('%s → %s', (line, kind) => {
    expect(matchCommand(line)?.kind).toBe(kind);
  });

  it.each([
    'docker compose run --rm app pip install -r requirements.txt',
    'docker run --rm img python -m venv /opt/venv',
    'docker-compose exec web pip install -e .',
    'RUN pip install -r requirements.txt',
    'RUN python -m venv /opt/venv',
    'pip install --upgrade pip',
    'pip install virtualenv==20.0',
    'echo tox.ini is read by tox-docker',
    'apt-get install -y python3-venv',
  ])('not a host venv workflow: %s', (line) => {
    expect(matchCommand(line)).toBeNull();
  });
});

describe('scanning modes', () => {
  it('scripts: skip comments, join continuations', () => {
    expect(scan('script', '# python -m venv .venv\nREM virtualenv x\ndocker compose run --rm app \\\n  pip install -r r.txt\npip install \\\n  -r requirements.txt')).toEqual([{ line: 5, kind: 'pip' }]);
  });

  it('Python: subprocess argument lists count, docstrings and comments do not', () => {
    const py = ['"""Usage:', '    python -m venv .venv', '"""', '# python -m venv x', 'subprocess.run([sys.executable, "-m", "venv", d])', 'venv.create(d, with_pip=True)', 'name = "venv"'].join('\n');
    expect(scan('python', py)).toEqual([
      { line: 5, kind: 'create' },
      { line: 6, kind: 'create' },
    ]);
  });

  it('Markdown: shell code blocks and command lines count; dockerfile blocks and retiring prose do not', () => {
    const md = [
      '# Setup', // 1
      'We no longer use `python -m venv .venv`; the container replaces it.', // 2
      '```dockerfile', // 3
      'RUN python -m venv /opt/venv', // 4
      '```', // 5
      '```sh', // 6
      'python -m venv .venv', // 7
      '```', // 8
      'Run `source .venv/bin/activate` first.', // 9
      'Tools like pip and tox run in the container.', // 10
      'On Windows use `venv\\Scripts\\activate` instead of `source`.', // 11
      'Instead of `source venv/bin/activate`, use `make shell`.', // 12
      '~~~', // 13
      '$ pip install -e .', // 14
      '~~~', // 15
    ].join('\n');
    expect(scan('markdown', md)).toEqual([
      { line: 7, kind: 'create' },
      { line: 9, kind: 'activate' },
      { line: 11, kind: 'activate' },
      { line: 14, kind: 'pip' },
    ]);
  });

  it('reStructuredText: code-block directives and literal blocks', () => {
    const rst = ['Setup::', '', '    python -m venv .venv', '', 'Text mentioning venv.', '', '.. code-block:: dockerfile', '', '    RUN pip install -r r.txt', '', '.. code-block:: bat', '', '   venv\\Scripts\\activate'].join('\n');
    expect(scan('rst', rst)).toEqual([
      { line: 3, kind: 'create' },
      { line: 13, kind: 'activate' },
    ]);
  });

  it('PowerShell block comments are help text; a folder list is not a venv path', () => {
    const ps = ['<#', '.SYNOPSIS', 'Run Activate.ps1 from venv\\Scripts', '#>', 'python -m venv .venv'].join('\n');
    expect(scan('script', ps)).toEqual([{ line: 5, kind: 'create' }]);
    const mk = ['LIBSUBDIRS= asyncio venv venv/scripts/common', 'all:', '\tfor d in $(LIBSUBDIRS); do echo $$d; done'].join('\n');
    expect(scan('script', mk)).toEqual([]);
  });

  it('long lines do not make the patterns backtrack (a 400 kB line of a changelog)', () => {
    const long = 'word-'.repeat(80_000) + ' venv Scripts install tox';
    const t0 = performance.now();
    for (const mode of ['markdown', 'script', 'text'] as const) scan(mode, long);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('Makefile variables that hold a venv path mark the recipes that use them', () => {
    const mk = ['VENV := .venv', 'PY := $(VENV)/bin/python', 'test:', '\t$(PY) -m pytest', 'up:', '\tdocker compose up -d'].join('\n');
    expect(scan('script', mk)).toEqual([
      { line: 2, kind: 'activate' },
      { line: 4, kind: 'activate' },
    ]);
  });
});
