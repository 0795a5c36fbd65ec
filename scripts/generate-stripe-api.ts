import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/*
 * Reads the installed `stripe` package's declarations with the TypeScript compiler and writes
 * src/stripe-api/description.json: for every top-level SDK resource, its API path and object type
 * (from the SDK's own code, not guessed from names), its methods, and a JSON Schema of each request
 * (create, update, list, search) with every parameter, nesting, `required`, enums, unions and the
 * doc comments. Run by `npm run generate`; the output is checked in and a test fails when
 * regenerating would change it, so a `stripe` upgrade shows up as a diff to review.
 */

type Schema = Record<string, unknown>;

export interface GeneratedObject {
  sdkResource: string;
  /** The collection's path under /v1 (`invoiceitems`), from the SDK's request code. */
  path: string;
  /** The `object` field of one such object (`invoiceitem`), from its declaration. */
  objectType: string | null;
  methods: string[];
  /** Retrieve takes no id (`balance`). */
  singleton: boolean;
  /** Each method's HTTP request, as `POST /v1/customers/{}` (`{}` for each id). */
  endpoints: Record<string, string>;
  /** JSON Schema of each method's params, by method name (`create`, `update`, `list`, `search`, `confirm`, …). */
  requests: Record<string, Schema>;
}

export interface GeneratedDescription {
  generatedFrom: { package: 'stripe'; version: string; apiVersion: string };
  objects: Record<string, GeneratedObject>;
  /** Object schemas shared by more than one request, referenced as `#/$defs/<name>`. */
  $defs: Record<string, Schema>;
}

/** Where the description lives, from the package root (npm runs scripts there). */
export const OUTPUT = 'src/stripe-api/description.json';

export function generate(): GeneratedDescription {
  const require = createRequire(import.meta.url);
  const main = require.resolve('stripe');
  const root = main.slice(0, main.lastIndexOf(`${sep}stripe${sep}`) + `${sep}stripe`.length);
  const entry = join(root, 'esm', 'stripe.esm.node.d.ts');
  const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const stripeClass = findStripeClass(program.getSourceFile(entry)!);
  const defs = new Defs();
  const converter = new Converter(checker, defs);
  const objects: Record<string, GeneratedObject> = {};

  for (const member of stripeClass.members) {
    if (!ts.isPropertyDeclaration(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
    const sdkResource = member.name.getText();
    const type = checker.getTypeFromTypeNode(member.type);
    const declaration = type.getSymbol()?.declarations?.[0];
    if (!declaration || !ts.isClassDeclaration(declaration) || !extendsStripeResource(declaration)) continue;
    const methods = new Map<string, ts.MethodDeclaration>();
    for (const m of declaration.members) if (ts.isMethodDeclaration(m)) methods.set(m.name.getText(), m);
    const paths = requestPaths(declaration.getSourceFile().fileName.replace(/\.d\.ts$/, '.js'));
    const path = collectionPath(paths);
    if (!path) continue;
    const requests: Record<string, Schema> = {};
    for (const [name, method] of [...methods].sort(([a], [b]) => a.localeCompare(b))) {
      const params = method.parameters.find((p) => p.name.getText() === 'params');
      if (params?.type) requests[name] = converter.request(checker.getTypeFromTypeNode(params.type));
    }
    const retrieve = methods.get('retrieve');
    objects[path] = {
      sdkResource,
      path,
      objectType: objectType(checker, methods),
      methods: [...methods.keys()].sort(),
      endpoints: Object.fromEntries([...paths].sort(([a], [b]) => a.localeCompare(b))),
      singleton: retrieve !== undefined && retrieve.parameters[0]?.name.getText() !== 'id',
      requests,
    };
  }
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const apiVersion = /ApiVersion\s*=\s*'([^']+)'/.exec(readFileSync(join(root, 'esm', 'apiVersion.js'), 'utf8'))?.[1] ?? 'unknown';
  const sorted = Object.fromEntries(Object.keys(objects).sort().map((k) => [k, objects[k]!]));
  return { generatedFrom: { package: 'stripe', version: version.version, apiVersion }, ...defs.finish(sorted) };
}

function findStripeClass(file: ts.SourceFile): ts.ClassDeclaration {
  const found = file.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'Stripe');
  if (!found) throw new Error(`no class Stripe in ${file.fileName}; has the stripe package changed its layout?`);
  return found;
}

function extendsStripeResource(declaration: ts.ClassDeclaration): boolean {
  return (declaration.heritageClauses ?? []).some((h) => h.types.some((t) => t.expression.getText() === 'StripeResource'));
}

/** Every `_makeRequest(VERB, '/v1/…')` in a resource's compiled code, as `VERB /v1/…`, by method name. */
function requestPaths(jsFile: string): Map<string, string> {
  const source = ts.createSourceFile(jsFile, readFileSync(jsFile, 'utf8'), ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const paths = new Map<string, string>();
  const visit = (node: ts.Node, method: string | undefined): void => {
    if (ts.isMethodDeclaration(node)) method = node.name.getText(source);
    if (ts.isCallExpression(node) && node.expression.getText(source) === 'this._makeRequest' && method) {
      const [verbArg, arg] = node.arguments;
      const verb = verbArg && ts.isStringLiteral(verbArg) ? verbArg.text : '?';
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) paths.set(method, `${verb} ${arg.text}`);
      else if (arg && ts.isTemplateExpression(arg)) paths.set(method, `${verb} ${arg.head.text}{}${arg.templateSpans.map((s) => s.literal.text).join('{}')}`);
    }
    node.forEachChild((child) => visit(child, method));
  };
  visit(source, undefined);
  return paths;
}

/** The collection path (`/v1/customers` → `customers`): that of list or create, else of a singleton's retrieve. */
function collectionPath(paths: Map<string, string>): string | undefined {
  const endpoint = paths.get('list') ?? paths.get('create') ?? paths.get('retrieve')?.replace(/\/\{\}$/, '');
  const full = endpoint?.slice(endpoint.indexOf(' ') + 1);
  if (!full?.startsWith('/v1/') || full.includes('{}')) return undefined;
  return full.slice('/v1/'.length);
}

/** The literal of `object` on what create, retrieve or list return (not the `Deleted…` variant). */
function objectType(checker: ts.TypeChecker, methods: Map<string, ts.MethodDeclaration>): string | null {
  for (const name of ['retrieve', 'create', 'list', 'update']) {
    const method = methods.get(name);
    if (!method?.type) continue;
    const literal = findObjectLiteral(checker, checker.getTypeFromTypeNode(method.type), 0);
    if (literal) return literal;
  }
  return null;
}

function findObjectLiteral(checker: ts.TypeChecker, type: ts.Type, depth: number): string | undefined {
  if (depth > 4) return undefined;
  if (type.isUnion()) {
    for (const t of type.types) {
      if (t.getSymbol()?.getName().startsWith('Deleted')) continue;
      const found = findObjectLiteral(checker, t, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const object = type.getProperty('object');
  if (object) {
    const t = checker.getTypeOfSymbol(object);
    if (t.isStringLiteral()) return t.value;
  }
  // Promise<Response<T>>, ApiListPromise<T>, ApiList<T>: look inside the type arguments.
  const args = checker.getTypeArguments(type as ts.TypeReference) ?? [];
  const aliasArgs = type.aliasTypeArguments ?? [];
  for (const t of [...args, ...aliasArgs]) {
    const found = findObjectLiteral(checker, t, depth + 1);
    if (found) return found;
  }
  const data = type.getProperty('data');
  if (data) {
    const list = checker.getTypeOfSymbol(data);
    const item = checker.isArrayType(list) ? checker.getTypeArguments(list as ts.TypeReference)[0] : undefined;
    if (item) return findObjectLiteral(checker, item, depth + 1);
  }
  const base = (type as ts.InterfaceType).getBaseTypes?.() ?? [];
  for (const t of base) {
    const found = findObjectLiteral(checker, t, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Turns declared types into JSON Schema; object schemas go through `Defs`, which shares repeats. */
class Converter {
  private readonly seen = new Map<ts.Type, Schema>();
  private readonly inProgress = new Set<ts.Type>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly defs: Defs,
  ) {}

  request(type: ts.Type): Schema {
    return this.convert(type);
  }

  private convert(type: ts.Type): Schema {
    const cached = this.seen.get(type);
    if (cached) return cached;
    if (this.inProgress.has(type)) return {};
    this.inProgress.add(type);
    const schema = this.compute(type);
    this.inProgress.delete(type);
    this.seen.set(type, schema);
    return schema;
  }

  private compute(type: ts.Type): Schema {
    const f = type.flags;
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean' };
    if (type.isStringLiteral()) return { type: 'string', enum: [type.value] };
    if (type.isNumberLiteral()) return { type: 'number', enum: [type.value] };
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    // The SDK's Decimal goes over the wire as a decimal string.
    if (type.aliasSymbol?.getName() === 'Decimal' || type.getSymbol()?.getName() === 'DecimalImpl') return { type: 'string', format: 'decimal' };
    if (type.isUnion()) return this.union(type.types);
    if (isOtherString(type)) return { type: 'string' };
    if (this.checker.isArrayType(type)) {
      const item = this.checker.getTypeArguments(type as ts.TypeReference)[0]!;
      return { type: 'array', items: this.convert(item) };
    }
    if (isFileData(type)) return { type: 'string', format: 'binary' };
    return this.object(type);
  }

  private union(members: readonly ts.Type[]): Schema {
    let emptyable = false;
    let open = false;
    let hasBoolean = false;
    const literals: string[] = [];
    const rest: ts.Type[] = [];
    for (const t of members) {
      if (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) emptyable ||= (t.flags & ts.TypeFlags.Null) !== 0;
      else if (t.isStringLiteral() && t.value === '') emptyable = true;
      else if (t.isStringLiteral()) literals.push(t.value);
      else if (t.flags & ts.TypeFlags.BooleanLiteral) hasBoolean = true;
      else if (isOtherString(t)) open = true;
      else rest.push(t);
    }
    const options: Schema[] = [];
    if (literals.length > 0) options.push(open ? { type: 'string', examples: literals.sort() } : { type: 'string', enum: literals.sort() });
    else if (open) options.push({ type: 'string' });
    if (hasBoolean) options.push({ type: 'boolean' });
    for (const t of rest) options.push(this.convert(t));
    const unique = dedupe(options);
    const schema: Schema = unique.length === 1 ? { ...unique[0]! } : { anyOf: unique };
    // Stripe's `Emptyable`: an empty string unsets the parameter.
    if (emptyable) schema['x-stripe-emptyable'] = true;
    return schema;
  }

  private object(type: ts.Type): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const symbol of this.checker.getPropertiesOfType(type)) {
      const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
      const propertyType = declaration ? this.checker.getTypeOfSymbolAtLocation(symbol, declaration) : this.checker.getTypeOfSymbol(symbol);
      if (propertyType.getCallSignatures().length > 0) continue;
      const schema = { ...this.convert(propertyType) };
      const description = ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim();
      if (description) schema.description = description;
      properties[symbol.getName()] = schema;
      if (!(symbol.flags & ts.SymbolFlags.Optional)) required.push(symbol.getName());
    }
    const index = type.getStringIndexType();
    const schema: Schema = { type: 'object' };
    if (Object.keys(properties).length > 0) schema.properties = properties;
    if (required.length > 0) schema.required = required;
    schema.additionalProperties = index ? this.convert(index) : false;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const name = symbol && symbol.getName() !== '__type' ? this.checker.getFullyQualifiedName(symbol).replace(/^".*"\./, '') : undefined;
    return this.defs.intern(schema, name);
  }
}

function isOtherString(type: ts.Type): boolean {
  return type.isIntersection() && type.types.some((t) => (t.flags & ts.TypeFlags.String) !== 0);
}

function isFileData(type: ts.Type): boolean {
  const name = type.aliasSymbol?.getName() ?? type.getSymbol()?.getName();
  return name === 'FileData' || name === 'Buffer' || name === 'Uint8Array' || name === 'Readable';
}

function dedupe(options: Schema[]): Schema[] {
  const seen = new Set<string>();
  return options.filter((o) => {
    const key = JSON.stringify(o);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Shares repeated object schemas: each is first interned by its content as a placeholder `$ref`;
 * at the end, those used once go back inline and the rest become named `$defs`.
 */
class Defs {
  private readonly byContent = new Map<string, { id: string; schema: Schema; name: string; uses: number }>();
  private readonly byId = new Map<string, { schema: Schema; name: string; uses: number }>();

  intern(schema: Schema, name: string | undefined): Schema {
    const key = JSON.stringify(schema);
    let def = this.byContent.get(key);
    if (!def) {
      def = { id: `#${this.byContent.size}`, schema, name: name ?? 'Object', uses: 0 };
      this.byContent.set(key, def);
      this.byId.set(def.id, def);
    }
    return { $ref: def.id };
  }

  finish(objects: Record<string, GeneratedObject>): Pick<GeneratedDescription, 'objects' | '$defs'> {
    const count = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(count);
      if (!value || typeof value !== 'object') return;
      const ref = (value as Schema).$ref;
      if (typeof ref === 'string' && this.byId.has(ref)) {
        const def = this.byId.get(ref)!;
        if (def.uses++ === 0) count(def.schema);
        return;
      }
      Object.values(value).forEach(count);
    };
    count(objects);
    const names = new Map<string, string>();
    const taken = new Set<string>();
    for (const [id, def] of [...this.byId].sort(([, a], [, b]) => a.name.localeCompare(b.name))) {
      if (def.uses < 2) continue;
      let name = def.name;
      for (let i = 2; taken.has(name); i++) name = `${def.name}_${i}`;
      taken.add(name);
      names.set(id, name);
    }
    const resolve = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(resolve);
      if (!value || typeof value !== 'object') return value;
      const ref = (value as Schema).$ref;
      if (typeof ref === 'string' && this.byId.has(ref)) {
        const named = names.get(ref);
        if (named) {
          const { $ref: _ref, ...rest } = value as Schema;
          return { $ref: `#/$defs/${named}`, ...rest };
        }
        const { $ref: _ref, ...rest } = value as Schema;
        return { ...(resolve(this.byId.get(ref)!.schema) as Schema), ...rest };
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    };
    const $defs = Object.fromEntries(
      [...names].sort(([, a], [, b]) => a.localeCompare(b)).map(([id, name]) => [name, resolve(this.byId.get(id)!.schema) as Schema]),
    );
    return { objects: resolve(objects) as Record<string, GeneratedObject>, $defs };
  }
}

export function render(description: GeneratedDescription): string {
  return `${JSON.stringify(description, null, 1)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT, render(generate()));
  process.stdout.write(`Wrote ${OUTPUT}\n`);
}
