// The public surface as the TypeScript compiler sees it from src/index.ts, and which of its items lack a doc comment.
import ts from "typescript";

const root = new URL("../..", import.meta.url).pathname;

/** One public item: its dotted name (`tt.linalg.solve`, `Tensor.add`), where it is declared, and whether it has a doc. */
export interface Item { name: string; file: string; documented: boolean }

const isInternal = (s: ts.Symbol): boolean => s.getJsDocTags().some((t) => t.name === "internal");
const docText = (s: ts.Symbol, checker: ts.TypeChecker): string => ts.displayPartsToString(s.getDocumentationComment(checker)).trim();
const fileOf = (s: ts.Symbol): string => {
  const d = s.declarations?.[0];
  return d === undefined ? "?" : d.getSourceFile().fileName.slice(root.length);
};

/** A member that is not public API: private or protected, an ECMAScript #private, a constructor, a synthetic name. */
function hidden(m: ts.Symbol): boolean {
  if (m.name.startsWith("#") || m.name === "__constructor" || m.name === "prototype") return true;
  return (m.declarations ?? []).some((d) => ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
}

/**
 * Walk every export of src/index.ts: functions, classes and their public members (methods merged in by
 * `declare module` included), namespaces (`export * as linalg`) and the members of exported object namespaces
 * (`tt.optimizers.*`, `tt.io.*`, `tt.tree.*`, `tt.initializers.*`), types and constants. `@internal` items are skipped.
 */
export function publicSurface(): Item[] {
  const configPath = `${root}tsconfig.json`;
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  // Only declarations and their comments are read (no diagnostics), so the big DOM and @types/node libs are left out: ~2 s.
  const program = ts.createProgram([`${root}src/index.ts`, `${root}src/assets.d.ts`], { ...config.options, noEmit: true, types: [], lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"] });
  const checker = program.getTypeChecker();
  const entry = checker.getSymbolAtLocation(program.getSourceFile(`${root}src/index.ts`)!)!;
  const items: Item[] = [];
  const add = (name: string, s: ts.Symbol, documented = docText(s, checker) !== "") => {
    if (!isInternal(s)) items.push({ name, file: fileOf(s), documented });
  };
  const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

  const visit = (name: string, exported: ts.Symbol): void => {
    const s = resolve(exported);
    if (isInternal(s)) return;
    if (s.flags & ts.SymbolFlags.ValueModule && !(s.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Function))) {
      add(name, s, true); // `export * as linalg`: the module itself needs no comment, its members do
      for (const m of checker.getExportsOfModule(s)) visit(`${name}.${m.name}`, m);
      return;
    }
    add(name, s);
    if (s.flags & ts.SymbolFlags.Class) {
      for (const [, m] of s.members ?? new Map<string, ts.Symbol>()) if (!hidden(m)) add(`${name}.${m.name}`, m);
      // and the members an interface merged into the class inherits (Tensor's methods: mapped types over the op
      // functions, which carry the ops' comments); a base class's members are that class's items
      const type = checker.getDeclaredTypeOfSymbol(s) as ts.InterfaceType;
      const fromBase = new Set((checker.getBaseTypes(type) ?? []).filter((b) => (b.symbol?.flags ?? 0) & ts.SymbolFlags.Class)
        .flatMap((b) => checker.getPropertiesOfType(b).map((m) => m.name)));
      for (const m of checker.getPropertiesOfType(type)) {
        if (s.members?.has(m.escapedName) || fromBase.has(m.name) || hidden(m) || m.name.startsWith("__@")) continue;
        if (!fileOf(m).startsWith("src/")) continue;
        add(`${name}.${m.name}`, m);
      }
      for (const [, m] of s.exports ?? new Map<string, ts.Symbol>()) if (!hidden(m)) add(`${name}.${m.name}`, m);
    } else if (s.flags & ts.SymbolFlags.Variable) {
      // an object of functions used as a namespace: each property's own comment, or that of the value it names
      const decl = s.valueDeclaration;
      if (decl === undefined || !ts.isVariableDeclaration(decl) || decl.initializer === undefined || !ts.isObjectLiteralExpression(decl.initializer)) return;
      for (const p of decl.initializer.properties) {
        if (p.name === undefined || !ts.isIdentifier(p.name)) continue;
        const ps = checker.getSymbolAtLocation(p.name);
        if (ps === undefined) continue;
        let documented = docText(ps, checker) !== "";
        if (!documented && ts.isShorthandPropertyAssignment(p)) {
          const v = checker.getShorthandAssignmentValueSymbol(p);
          documented = v !== undefined && docText(resolve(v), checker) !== "";
        } else if (!documented && ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer)) {
          const v = checker.getSymbolAtLocation(p.initializer);
          documented = v !== undefined && docText(resolve(v), checker) !== "";
        }
        add(`${name}.${p.name.text}`, ps, documented);
      }
    }
  };
  for (const e of checker.getExportsOfModule(entry)) visit(e.name, e);
  return items;
}
