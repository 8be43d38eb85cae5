/**
 * Assemble an emitted module with ts-morph. Every comment and
 * doc text passes through escapeComment; the module's code comes only from
 * the emitter (identifiers are sanitized node names with fixed prefixes).
 */
import { IndentationText, Project, QuoteKind, StructureKind, VariableDeclarationKind, ts, type FunctionDeclarationStructure, type StatementStructures, type VariableStatementStructure } from 'ts-morph';
import type { ConstDecl, FunctionCode } from './kernel-types.js';
import { escapeComment } from './text-escape.js';

export type ModuleItem =
  | { readonly kind: 'comment'; readonly lines: readonly string[] }
  | { readonly kind: 'const'; readonly name: string; readonly type?: string; readonly init: string; readonly doc?: string; readonly exported?: boolean }
  | { readonly kind: 'array'; readonly decl: ConstDecl }
  | { readonly kind: 'function'; readonly fn: FunctionCode };

let project: Project | null = null;
/** a fresh file name per module: the formatter's language service must not see an older text */
let fileCounter = 0;

function getProject(): Project {
  // the emitter lays out every statement itself (one per line, two-space blocks) and ts-morph
  // prints the structures with the same indentation: the language-service formatter, slow on
  // large weight arrays, is not needed
  project ??= new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, strict: true },
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, newLineKind: ts.NewLineKind.LineFeed, quoteKind: QuoteKind.Double },
  });
  return project;
}

/** Values in lines of 16, for arrays that stay readable. */
function listLines(values: readonly string[]): string {
  if (values.length <= 16) return values.join(', ');
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += 16) lines.push(`  ${values.slice(i, i + 16).join(', ')}`);
  return `\n${lines.join(',\n')},\n`;
}

function arrayInit(d: ConstDecl): { type: string; init: string } {
  switch (d.kind) {
    case 'f64':
      return { type: 'Float64Array', init: `new Float64Array([${listLines(d.values.map(String))}])` };
    case 'i32':
      return { type: 'Int32Array', init: `new Int32Array([${listLines(d.values.map(String))}])` };
    case 'big':
      return { type: d.mutable ? 'bigint[]' : 'readonly bigint[]', init: `[${listLines(d.values.map((v) => `${v}n`))}]` };
  }
}

function constStructure(name: string, type: string | undefined, init: string, doc: string | undefined, exported: boolean): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    isExported: exported,
    docs: doc !== undefined ? [escapeComment(doc)] : [],
    declarations: [{ name, ...(type !== undefined ? { type } : {}), initializer: init }],
  };
}

function functionStructure(fn: FunctionCode): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: fn.name,
    isExported: fn.exported ?? false,
    docs: [escapeComment(fn.doc)],
    parameters: fn.params.map((p) => ({ name: p.name, type: p.type, ...(p.init !== undefined ? { initializer: p.init } : {}) })),
    returnType: fn.returnType ?? 'void',
    statements: fn.body.join('\n'),
  };
}

export function writeModule(items: readonly ModuleItem[]): string {
  const statements: (string | StatementStructures)[] = items.map((item) => {
    switch (item.kind) {
      case 'comment':
        return item.lines.map((l) => `// ${escapeComment(l)}`).join('\n');
      case 'const':
        return constStructure(item.name, item.type, item.init, item.doc, item.exported ?? false);
      case 'array': {
        const { type, init } = arrayInit(item.decl);
        return constStructure(item.decl.name, type, init, item.decl.doc, false);
      }
      case 'function':
        return functionStructure(item.fn);
    }
  });
  const p = getProject();
  fileCounter += 1;
  const sf = p.createSourceFile(`design-${fileCounter}.ts`, { statements }, { overwrite: true });
  const text = sf.getFullText();
  p.removeSourceFile(sf);
  return text;
}
