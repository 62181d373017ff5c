/**
 * A small evaluator for GitHub Actions expressions (`${{ ... }}`).
 *
 * Supported: literals (null, booleans, numbers, 'strings' with '' escapes),
 * context access (`a.b`, `a['b']`, `a.*`), `!`, `<`, `<=`, `>`, `>=`, `==`,
 * `!=`, `&&`, `||`, parentheses, and the functions `fromJSON`, `toJSON`,
 * `format`, `contains`, `startsWith`, `endsWith`, `join`, `always`, `success`,
 * `failure`, `cancelled`. Comparison and truthiness follow GitHub's rules
 * (loose equality with number coercion, case-insensitive string equality).
 *
 * Anything else (an unknown function, an unknown context, a property a strict
 * context does not have, a syntax error) throws an {@link ExpressionError}:
 * the harness must never silently evaluate something it does not understand.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export class ExpressionError extends Error {
  constructor(message: string, public readonly expression?: string) {
    super(expression === undefined ? message : `${message} (in \`${expression}\`)`);
    this.name = 'ExpressionError';
  }
}

/** Status functions decide `if:` results; the engine supplies their answers. */
export interface StatusFunctions {
  success(): boolean;
  failure(): boolean;
  cancelled(): boolean;
}

/**
 * A context object. Strict contexts throw on a missing property (e.g.
 * `github.nonsense`), lenient ones return null (e.g. `env.UNSET`, as GitHub does).
 */
export interface ContextEntry {
  readonly value: Value;
  /** Throw when a property path below this context does not exist. Default: false. */
  readonly strict?: boolean;
  /**
   * Custom property resolution (e.g. `steps.<id>` must name a step of the job).
   * Return undefined to fall back to the default lookup.
   */
  readonly resolve?: (path: string[]) => Value | undefined;
}

export interface EvalContext {
  readonly contexts: Record<string, ContextEntry>;
  readonly status?: StatusFunctions;
}

// --------------------------------------------------------------------------- tokens

type Token =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'ident'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'eof' };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ',', '*'];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new ExpressionError('unterminated string literal', src);
        if (src[i] === "'") {
          if (src[i + 1] === "'") { value += "'"; i += 2; continue; }
          i++;
          break;
        }
        value += src[i++];
      }
      tokens.push({ kind: 'str', value });
      continue;
    }
    const num = /^(?:0x[0-9a-fA-F]+|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(src.slice(i));
    const prev = tokens[tokens.length - 1];
    const minusAllowed = !prev || prev.kind === 'op' && prev.value !== ')' && prev.value !== ']';
    if (num && (num[0][0] !== '-' || minusAllowed)) {
      tokens.push({ kind: 'num', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', value: ident[0] });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find(o => src.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', value: op });
      i += op.length;
      continue;
    }
    throw new ExpressionError(`unexpected character ${JSON.stringify(c)}`, src);
  }
  tokens.push({ kind: 'eof' });
  return tokens;
}

// --------------------------------------------------------------------------- AST

type Node =
  | { type: 'literal'; value: Value }
  | { type: 'context'; name: string }
  | { type: 'member'; object: Node; property: string | Node | '*' }
  | { type: 'not'; operand: Node }
  | { type: 'binary'; op: string; left: Node; right: Node }
  | { type: 'call'; name: string; args: Node[] };

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[], private readonly src: string) {}

  parse(): Node {
    const node = this.or();
    if (this.peek().kind !== 'eof') this.fail(`unexpected ${this.describe(this.peek())}`);
    return node;
  }

  private peek(): Token { return this.tokens[this.pos]; }
  private next(): Token { return this.tokens[this.pos++]; }
  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === value;
  }
  private expectOp(value: string): void {
    if (!this.isOp(value)) this.fail(`expected "${value}" but found ${this.describe(this.peek())}`);
    this.pos++;
  }
  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of expression' : `"${String((t as any).value)}"`;
  }
  private fail(message: string): never {
    throw new ExpressionError(message, this.src);
  }

  private or(): Node {
    let left = this.and();
    while (this.isOp('||')) { this.pos++; left = { type: 'binary', op: '||', left, right: this.and() }; }
    return left;
  }
  private and(): Node {
    let left = this.equality();
    while (this.isOp('&&')) { this.pos++; left = { type: 'binary', op: '&&', left, right: this.equality() }; }
    return left;
  }
  private equality(): Node {
    let left = this.comparison();
    while (this.isOp('==') || this.isOp('!=')) {
      const op = (this.next() as any).value;
      left = { type: 'binary', op, left, right: this.comparison() };
    }
    return left;
  }
  private comparison(): Node {
    let left = this.unary();
    while (this.isOp('<') || this.isOp('<=') || this.isOp('>') || this.isOp('>=')) {
      const op = (this.next() as any).value;
      left = { type: 'binary', op, left, right: this.unary() };
    }
    return left;
  }
  private unary(): Node {
    if (this.isOp('!')) { this.pos++; return { type: 'not', operand: this.unary() }; }
    return this.postfix();
  }
  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        const t = this.next();
        if (t.kind === 'op' && t.value === '*') node = { type: 'member', object: node, property: '*' };
        else if (t.kind === 'ident') node = { type: 'member', object: node, property: t.value };
        else this.fail(`expected a property name after "." but found ${this.describe(t)}`);
      } else if (this.isOp('[')) {
        this.pos++;
        if (this.isOp('*')) { this.pos++; node = { type: 'member', object: node, property: '*' }; } else {
          node = { type: 'member', object: node, property: this.or() };
        }
        this.expectOp(']');
      } else {
        return node;
      }
    }
  }
  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'num': return { type: 'literal', value: t.value };
      case 'str': return { type: 'literal', value: t.value };
      case 'ident': {
        const lower = t.value.toLowerCase();
        if (this.isOp('(')) {
          this.pos++;
          const args: Node[] = [];
          if (!this.isOp(')')) {
            args.push(this.or());
            while (this.isOp(',')) { this.pos++; args.push(this.or()); }
          }
          this.expectOp(')');
          return { type: 'call', name: lower, args };
        }
        if (lower === 'true') return { type: 'literal', value: true };
        if (lower === 'false') return { type: 'literal', value: false };
        if (lower === 'null') return { type: 'literal', value: null };
        return { type: 'context', name: t.value };
      }
      case 'op':
        if (t.value === '(') {
          const inner = this.or();
          this.expectOp(')');
          return inner;
        }
        return this.fail(`unexpected "${t.value}"`);
      default:
        return this.fail('unexpected end of expression');
    }
  }
}

// --------------------------------------------------------------------------- semantics

export function isTruthy(v: Value): boolean {
  if (v === null || v === false || v === '' ) return false;
  if (typeof v === 'number') return !(v === 0 || Number.isNaN(v));
  return true;
}

function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return 0;
    if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
    const n = Number(s);
    return Number.isNaN(n) ? NaN : n;
  }
  return NaN;
}

/** GitHub's string conversion: null is '', numbers in plain form, objects as JSON. */
export function toStr(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}

function kind(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function looseEquals(a: Value, b: Value): boolean {
  const ka = kind(a);
  const kb = kind(b);
  if (ka === kb) {
    if (ka === 'string') return (a as string).toLowerCase() === (b as string).toLowerCase();
    if (ka === 'number') return a === b;
    if (ka === 'boolean' || ka === 'null') return a === b;
    return a === b; // objects and arrays: by reference
  }
  if (ka === 'array' || ka === 'object' || kb === 'array' || kb === 'object') return false;
  return toNumber(a) === toNumber(b);
}

function compare(op: string, a: Value, b: Value): boolean {
  let x: number | string;
  let y: number | string;
  if (typeof a === 'string' && typeof b === 'string') {
    x = a.toLowerCase();
    y = b.toLowerCase();
  } else {
    x = toNumber(a);
    y = toNumber(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
  }
  switch (op) {
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    default: return x >= y;
  }
}

function getProperty(obj: Value, key: string): Value | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  if (Array.isArray(obj)) {
    const n = Number(key);
    return Number.isInteger(n) && n >= 0 && n < obj.length ? obj[n] : undefined;
  }
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  const found = Object.keys(obj).find(k => k.toLowerCase() === lower);
  return found === undefined ? undefined : obj[found];
}

function formatString(fmt: string, args: Value[], src: string): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '{' && fmt[i + 1] === '{') { out += '{'; i++; continue; }
    if (c === '}' && fmt[i + 1] === '}') { out += '}'; i++; continue; }
    if (c === '{') {
      const m = /^\{(\d+)\}/.exec(fmt.slice(i));
      if (!m) throw new ExpressionError(`format: invalid format string ${JSON.stringify(fmt)}`, src);
      const index = Number(m[1]);
      if (index >= args.length) throw new ExpressionError(`format: argument {${index}} is missing`, src);
      out += toStr(args[index]);
      i += m[0].length - 1;
      continue;
    }
    if (c === '}') throw new ExpressionError(`format: unbalanced "}" in ${JSON.stringify(fmt)}`, src);
    out += c;
  }
  return out;
}

function fromJson(text: Value, src: string): Value {
  try {
    return JSON.parse(toStr(text));
  } catch (e) {
    throw new ExpressionError(`fromJSON: not JSON: ${JSON.stringify(toStr(text))}`, src);
  }
}

interface PathTrack {
  /** The context name and the property names followed so far (for strict contexts). */
  readonly root?: ContextEntry;
  readonly path: string[];
}

class Evaluator {
  constructor(private readonly ctx: EvalContext, private readonly src: string) {}

  eval(node: Node): Value {
    return this.evalTracked(node).value;
  }

  private evalTracked(node: Node): { value: Value; track?: PathTrack } {
    switch (node.type) {
      case 'literal':
        return { value: node.value };
      case 'context': {
        const name = Object.keys(this.ctx.contexts).find(k => k.toLowerCase() === node.name.toLowerCase());
        if (name === undefined) {
          throw new ExpressionError(`unknown context "${node.name}" (available here: ${Object.keys(this.ctx.contexts).join(', ')})`, this.src);
        }
        const entry = this.ctx.contexts[name];
        return { value: entry.value, track: { root: entry, path: [name] } };
      }
      case 'member': {
        const base = this.evalTracked(node.object);
        if (node.property === '*') {
          const v = base.value;
          if (Array.isArray(v)) return { value: v };
          if (v !== null && typeof v === 'object') return { value: Object.values(v) };
          return { value: [] };
        }
        const key = typeof node.property === 'string' ? node.property : toStr(this.eval(node.property));
        const path = base.track ? [...base.track.path, key] : [];
        const root = base.track?.root;
        if (root?.resolve) {
          const custom = root.resolve(path.slice(1));
          if (custom !== undefined) return { value: custom, track: { root, path } };
        }
        if (Array.isArray(base.value) && typeof node.property !== 'string') {
          const n = toNumber(this.eval(node.property));
          const v = Number.isInteger(n) && n >= 0 && n < base.value.length ? base.value[n] : null;
          return { value: v, track: base.track ? { root, path } : undefined };
        }
        const v = getProperty(base.value, key);
        if (v === undefined) {
          if (root?.strict) {
            throw new ExpressionError(`unknown property "${path.join('.')}" (the harness does not model it)`, this.src);
          }
          return { value: null, track: base.track ? { root, path } : undefined };
        }
        return { value: v, track: base.track ? { root, path } : undefined };
      }
      case 'not':
        return { value: !isTruthy(this.eval(node.operand)) };
      case 'binary': {
        if (node.op === '&&') {
          const l = this.eval(node.left);
          return { value: isTruthy(l) ? this.eval(node.right) : l };
        }
        if (node.op === '||') {
          const l = this.eval(node.left);
          return { value: isTruthy(l) ? l : this.eval(node.right) };
        }
        const l = this.eval(node.left);
        const r = this.eval(node.right);
        if (node.op === '==') return { value: looseEquals(l, r) };
        if (node.op === '!=') return { value: !looseEquals(l, r) };
        return { value: compare(node.op, l, r) };
      }
      case 'call':
        return { value: this.call(node.name, node.args) };
    }
  }

  private call(name: string, argNodes: Node[]): Value {
    const arity = (min: number, max = min) => {
      if (argNodes.length < min || argNodes.length > max) {
        throw new ExpressionError(`${name}() takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${argNodes.length}`, this.src);
      }
    };
    const status = () => {
      if (!this.ctx.status) throw new ExpressionError(`${name}() is not available here`, this.src);
      return this.ctx.status;
    };
    switch (name) {
      case 'always': arity(0); return true;
      case 'success': arity(0); return status().success();
      case 'failure': arity(0); return status().failure();
      case 'cancelled': arity(0); return status().cancelled();
      case 'fromjson': arity(1); return fromJson(this.eval(argNodes[0]), this.src);
      case 'tojson': arity(1); return JSON.stringify(this.eval(argNodes[0]), null, 2);
      case 'format': {
        if (argNodes.length < 1) throw new ExpressionError('format() needs a format string', this.src);
        const [fmt, ...rest] = argNodes.map(a => this.eval(a));
        return formatString(toStr(fmt), rest, this.src);
      }
      case 'contains': {
        arity(2);
        const hay = this.eval(argNodes[0]);
        const needle = this.eval(argNodes[1]);
        if (Array.isArray(hay)) return hay.some(item => looseEquals(item, needle));
        return toStr(hay).toLowerCase().includes(toStr(needle).toLowerCase());
      }
      case 'startswith': {
        arity(2);
        return toStr(this.eval(argNodes[0])).toLowerCase().startsWith(toStr(this.eval(argNodes[1])).toLowerCase());
      }
      case 'endswith': {
        arity(2);
        return toStr(this.eval(argNodes[0])).toLowerCase().endsWith(toStr(this.eval(argNodes[1])).toLowerCase());
      }
      case 'join': {
        arity(1, 2);
        const v = this.eval(argNodes[0]);
        const sep = argNodes.length > 1 ? toStr(this.eval(argNodes[1])) : ',';
        return Array.isArray(v) ? v.map(toStr).join(sep) : toStr(v);
      }
      default:
        throw new ExpressionError(`unknown function ${name}() (the harness supports fromJSON, toJSON, format, contains, startsWith, endsWith, join, always, success, failure, cancelled)`, this.src);
    }
  }
}

/** Evaluates one expression (the text between `${{` and `}}`, or a bare `if:`). */
export function evaluate(expression: string, ctx: EvalContext): Value {
  const ast = new Parser(tokenize(expression), expression).parse();
  return new Evaluator(ctx, expression).eval(ast);
}

/** Whether an `if:` expression calls a status function (else `success() &&` is implied). */
export function usesStatusFunction(expression: string): boolean {
  return tokenize(expression).some((t, i, all) =>
    t.kind === 'ident' && /^(success|failure|always|cancelled)$/i.test(t.value)
    && all[i + 1]?.kind === 'op' && (all[i + 1] as any).value === '(');
}

/** Splits a template into literal text and `${{ }}` expressions (respecting '}}' inside strings). */
export function splitTemplate(template: string): Array<{ text: string } | { expr: string }> {
  const parts: Array<{ text: string } | { expr: string }> = [];
  let i = 0;
  let literal = '';
  while (i < template.length) {
    if (template.startsWith('${{', i)) {
      let j = i + 3;
      let inString = false;
      for (;;) {
        if (j >= template.length) throw new ExpressionError('unterminated "${{"', template);
        const c = template[j];
        if (inString) {
          if (c === "'") {
            if (template[j + 1] === "'") { j += 2; continue; }
            inString = false;
          }
          j++;
          continue;
        }
        if (c === "'") { inString = true; j++; continue; }
        if (template.startsWith('}}', j)) break;
        j++;
      }
      if (literal) parts.push({ text: literal });
      literal = '';
      parts.push({ expr: template.slice(i + 3, j).trim() });
      i = j + 2;
      continue;
    }
    literal += template[i++];
  }
  if (literal) parts.push({ text: literal });
  return parts;
}

/**
 * Evaluates a template. A value that is exactly one `${{ }}` keeps its type
 * (e.g. `runs-on: ${{ matrix.runner }}` may be a list or an object); anything
 * else is interpolated as text.
 */
export function evaluateTemplate(template: unknown, ctx: EvalContext): Value {
  if (typeof template !== 'string') return template as Value;
  const parts = splitTemplate(template);
  if (parts.length === 1 && 'expr' in parts[0]) return evaluate(parts[0].expr, ctx);
  return parts.map(p => ('expr' in p ? toStr(evaluate(p.expr, ctx)) : p.text)).join('');
}

/** Evaluates a template to a string (as GitHub does for `with:`, `env:` and `run:`). */
export function interpolate(template: unknown, ctx: EvalContext): string {
  if (template === undefined || template === null) return '';
  if (typeof template !== 'string') return toStr(template as Value);
  return splitTemplate(template).map(p => ('expr' in p ? toStr(evaluate(p.expr, ctx)) : p.text)).join('');
}

/**
 * Evaluates an `if:` condition: `${{ }}` is optional, and without a status
 * function GitHub implies `success() && (...)`.
 */
export function evaluateCondition(condition: unknown, ctx: EvalContext): boolean {
  if (condition === undefined || condition === null || condition === '') {
    return ctx.status ? ctx.status.success() : true;
  }
  if (typeof condition === 'boolean') return condition && (ctx.status ? ctx.status.success() : true);
  if (typeof condition === 'number') return isTruthy(condition) && (ctx.status ? ctx.status.success() : true);
  let expr = String(condition).trim();
  const parts = splitTemplate(expr);
  if (parts.length === 1 && 'expr' in parts[0]) {
    expr = parts[0].expr;
  } else if (parts.some(p => 'expr' in p)) {
    // Text mixed with expressions: GitHub interpolates, and any non-empty string is truthy.
    return isTruthy(interpolate(expr, ctx));
  }
  const value = evaluate(expr, ctx);
  if (!usesStatusFunction(expr) && ctx.status && !ctx.status.success()) return false;
  return isTruthy(value);
}
