/**
 * The catalogue of error codes (issue 19): every `new DomainError(code, message)`
 * in src/, read with the TypeScript parser, written to docs/errors.md with its
 * Swedish message and where it is thrown. `npm run docs:errors` rewrites the
 * file; test/robustness/error-catalogue.test.ts fails when it is out of date.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface CatalogueEntry {
  code: string;
  messages: string[];
  statuses: string[];
  files: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** A string literal or template as read: `${…}` parts shown as "…". */
function textOf(node: ts.Expression | undefined, source: ts.SourceFile): string | null {
  if (!node) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `…${s.literal.text}`).join('');
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return `${textOf(node.left, source) ?? '…'}${textOf(node.right, source) ?? '…'}`;
  }
  if (ts.isConditionalExpression(node)) return `${textOf(node.whenTrue, source) ?? '…'} / ${textOf(node.whenFalse, source) ?? '…'}`;
  return null;
}

export function catalogue(root = 'src'): CatalogueEntry[] {
  const byCode = new Map<string, CatalogueEntry>();
  for (const file of sourceFiles(root).sort()) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'DomainError' && node.arguments?.length) {
        const [codeArg, messageArg, optionsArg] = node.arguments;
        const code = textOf(codeArg, source) ?? '(beräknad)';
        const entry = byCode.get(code) ?? { code, messages: [], statuses: [], files: [] };
        const message = textOf(messageArg, source) ?? '(beräknat meddelande)';
        if (!entry.messages.includes(message)) entry.messages.push(message);
        const status = optionsArg && ts.isObjectLiteralExpression(optionsArg)
          ? optionsArg.properties.find((p) => p.name?.getText(source) === 'status')
          : undefined;
        const statusText = status && ts.isPropertyAssignment(status) ? status.initializer.getText(source) : '400';
        if (!entry.statuses.includes(statusText)) entry.statuses.push(statusText);
        const where = file.split(path.sep).join('/');
        if (!entry.files.includes(where)) entry.files.push(where);
        byCode.set(code, entry);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code, 'en'));
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function catalogueMarkdown(entries: CatalogueEntry[] = catalogue()): string {
  const lines = [
    '# Felkoder',
    '',
    'Varje fel som API:t svarar med är `{ "error": { "code", "message" } }` med ett svenskt meddelande.',
    'Listan är genererad ur källkoden (`npm run docs:errors`, scripts/errorCatalogue.ts); ett test',
    'underkänner den när den inte stämmer. "…" står för en del som fylls i vid felet.',
    '',
    `${entries.length} koder.`,
    '',
    '| Kod | Status | Meddelande | Var |',
    '| --- | --- | --- | --- |',
    ...entries.map((e) => `| \`${e.code}\` | ${e.statuses.join(', ')} | ${cell(e.messages.slice(0, 3).join(' / '))}${e.messages.length > 3 ? ` (och ${e.messages.length - 3} till)` : ''} | ${e.files.join(', ')} |`),
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  writeFileSync('docs/errors.md', catalogueMarkdown());
  console.log('docs/errors.md skriven.');
}
