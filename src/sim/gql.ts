/**
 * Just enough GraphQL for the simulator: parse one query operation (variables, aliases, arguments,
 * nested selections, inline fragments) and execute it against resolver objects; a mutation's
 * fields run in order, as GitHub runs them. Anything outside that (subscriptions, named fragments,
 * directives, unknown fields or types) throws `NotSimulated`, so the simulator reports it as a
 * violation instead of inventing an answer.
 */

export class NotSimulated extends Error {}

/** An error GitHub reports in the response's `errors` (the field resolves to null). */
export class GqlError extends Error {
  constructor(
    message: string,
    readonly type?: string,
  ) {
    super(message);
  }
}

/** An enum literal in a query (variables carry enum values as plain strings). */
export class GqlEnum {
  constructor(readonly value: string) {}
}

/** An enum argument's value, from a literal or a variable; undefined when it is not one. */
export function enumArg(value: unknown): string | undefined {
  if (value instanceof GqlEnum) return value.value;
  return typeof value === "string" ? value : undefined;
}

export type GqlValue =
  | { kind: "var"; name: string }
  | { kind: "enum"; value: string }
  | { kind: "list"; items: GqlValue[] }
  | { kind: "object"; fields: Record<string, GqlValue> }
  | { kind: "literal"; value: string | number | boolean | null };

export type Selection =
  | { kind: "field"; alias: string; name: string; args: Record<string, GqlValue>; selections?: Selection[] }
  | { kind: "inline"; on: string | undefined; selections: Selection[] };

export interface Operation {
  kind: "query" | "mutation";
  variables: Map<string, GqlValue | undefined>;
  selections: Selection[];
}

const PUNCTUATION = new Set(["{", "}", "(", ")", ":", "[", "]", "!", "$", "=", "@"]);

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? "";
    if (/[\s,]/.test(c) || c === "\uFEFF") {
      i += 1;
    } else if (c === "#") {
      while (i < source.length && source[i] !== "\n") i += 1;
    } else if (source.startsWith("...", i)) {
      tokens.push("...");
      i += 3;
    } else if (PUNCTUATION.has(c)) {
      tokens.push(c);
      i += 1;
    } else if (c === '"') {
      if (source.startsWith('"""', i)) throw new NotSimulated("block strings are not simulated");
      let j = i + 1;
      while (j < source.length && source[j] !== '"') j += source[j] === "\\" ? 2 : 1;
      if (j >= source.length) throw new NotSimulated("unterminated string");
      tokens.push(source.slice(i, j + 1));
      i = j + 1;
    } else {
      const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[_A-Za-z][_0-9A-Za-z]*)/.exec(source.slice(i));
      if (!m?.[1]) throw new NotSimulated(`unexpected character ${JSON.stringify(c)}`);
      tokens.push(m[1]);
      i += m[1].length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: string[]) {}

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private next(): string {
    const token = this.tokens[this.pos];
    if (token === undefined) throw new NotSimulated("unexpected end of query");
    this.pos += 1;
    return token;
  }

  private expect(token: string): void {
    const got = this.next();
    if (got !== token) throw new NotSimulated(`expected ${token}, got ${got}`);
  }

  private name(): string {
    const token = this.next();
    if (!/^[_A-Za-z]/.test(token)) throw new NotSimulated(`expected a name, got ${token}`);
    return token;
  }

  operation(): Operation {
    const variables = new Map<string, GqlValue | undefined>();
    let kind: Operation["kind"] = "query";
    if (this.peek() !== "{") {
      const type = this.name();
      if (type !== "query" && type !== "mutation")
        throw new NotSimulated(`${type} operations are not simulated`);
      kind = type;
      if (this.peek() !== "(" && this.peek() !== "{") this.name();
      if (this.peek() === "(") {
        this.next();
        while (this.peek() !== ")") {
          this.expect("$");
          const name = this.name();
          this.expect(":");
          this.type();
          let fallback: GqlValue | undefined;
          if (this.peek() === "=") {
            this.next();
            fallback = this.value();
          }
          variables.set(name, fallback);
        }
        this.next();
      }
    }
    if (this.peek() === "@") throw new NotSimulated("directives are not simulated");
    const selections = this.selectionSet();
    if (this.peek() !== undefined) throw new NotSimulated("only one operation per document is simulated");
    return { kind, variables, selections };
  }

  private type(): void {
    if (this.peek() === "[") {
      this.next();
      this.type();
      this.expect("]");
    } else {
      this.name();
    }
    if (this.peek() === "!") this.next();
  }

  private value(): GqlValue {
    const token = this.next();
    if (token === "$") return { kind: "var", name: this.name() };
    if (token === "[") {
      const items: GqlValue[] = [];
      while (this.peek() !== "]") items.push(this.value());
      this.next();
      return { kind: "list", items };
    }
    if (token === "{") {
      const fields: Record<string, GqlValue> = {};
      while (this.peek() !== "}") {
        const key = this.name();
        this.expect(":");
        fields[key] = this.value();
      }
      this.next();
      return { kind: "object", fields };
    }
    if (token.startsWith('"')) return { kind: "literal", value: JSON.parse(token) as string };
    if (/^-?\d/.test(token)) return { kind: "literal", value: Number(token) };
    if (token === "true" || token === "false") return { kind: "literal", value: token === "true" };
    if (token === "null") return { kind: "literal", value: null };
    if (/^[_A-Za-z]/.test(token)) return { kind: "enum", value: token };
    throw new NotSimulated(`unexpected ${token}`);
  }

  private selectionSet(): Selection[] {
    this.expect("{");
    const selections: Selection[] = [];
    while (this.peek() !== "}") selections.push(this.selection());
    this.next();
    if (selections.length === 0) throw new NotSimulated("empty selection set");
    return selections;
  }

  private selection(): Selection {
    if (this.peek() === "...") {
      this.next();
      if (this.peek() !== "on" && this.peek() !== "{" && this.peek() !== "@") {
        throw new NotSimulated("named fragments are not simulated");
      }
      let on: string | undefined;
      if (this.peek() === "on") {
        this.next();
        on = this.name();
      }
      if (this.peek() === "@") throw new NotSimulated("directives are not simulated");
      return { kind: "inline", on, selections: this.selectionSet() };
    }
    const alias = this.name();
    let name = alias;
    if (this.peek() === ":") {
      this.next();
      name = this.name();
    }
    const args: Record<string, GqlValue> = {};
    if (this.peek() === "(") {
      this.next();
      while (this.peek() !== ")") {
        const key = this.name();
        this.expect(":");
        args[key] = this.value();
      }
      this.next();
    }
    if (this.peek() === "@") throw new NotSimulated("directives are not simulated");
    if (this.peek() === "{") return { kind: "field", alias, name, args, selections: this.selectionSet() };
    return { kind: "field", alias, name, args };
  }
}

export function parseQuery(source: string): Operation {
  return new Parser(tokenize(source)).operation();
}

/** A GraphQL object: its type, the abstract types it belongs to, and its fields' resolvers. */
export interface GqlObject {
  __typename: string;
  /** Interfaces and unions it is a member of (for `... on Actor`). */
  memberOf: readonly string[];
  fields: Record<string, (args: Record<string, unknown>) => unknown>;
}

export function gqlObject(
  typename: string,
  memberOf: readonly string[],
  fields: GqlObject["fields"],
): GqlObject {
  return { __typename: typename, memberOf, fields };
}

function isGqlObject(value: unknown): value is GqlObject {
  return typeof value === "object" && value !== null && "__typename" in value && "fields" in value;
}

export interface Execution {
  data: Record<string, unknown>;
  errors: Array<{ type?: string; path: Array<string | number>; message: string }>;
}

/**
 * Execute `op` from `root`. `knownTypes` lists every type a fragment may name; variables the
 * operation does not declare, unknown fields and unknown types throw `NotSimulated`.
 */
export function execute(
  op: Operation,
  root: GqlObject,
  variables: Record<string, unknown>,
  knownTypes: ReadonlySet<string>,
): Execution {
  const errors: Execution["errors"] = [];
  const resolveValue = (value: GqlValue): unknown => {
    switch (value.kind) {
      case "var":
        if (!op.variables.has(value.name)) throw new NotSimulated(`variable $${value.name} is not declared`);
        if (value.name in variables) return variables[value.name];
        {
          const fallback = op.variables.get(value.name);
          return fallback ? resolveValue(fallback) : null;
        }
      case "enum":
        return new GqlEnum(value.value);
      case "list":
        return value.items.map(resolveValue);
      case "object":
        return Object.fromEntries(Object.entries(value.fields).map(([k, v]) => [k, resolveValue(v)]));
      case "literal":
        return value.value;
    }
  };
  const complete = (value: unknown, selections: Selection[] | undefined, path: Array<string | number>) => {
    if (value === null || value === undefined) return null;
    // A list item that failed on its own (`nodes(ids:)` with an unknown id): null, with its error.
    if (value instanceof GqlError) {
      errors.push({ ...(value.type ? { type: value.type } : {}), path, message: value.message });
      return null;
    }
    if (Array.isArray(value)) {
      return value.map((item, i): unknown => complete(item, selections, [...path, i]));
    }
    if (isGqlObject(value)) {
      if (!selections) throw new NotSimulated(`${value.__typename} needs a selection set`);
      return select(value, selections, path);
    }
    if (selections) throw new NotSimulated(`${path.join(".")} is a scalar`);
    return value;
  };
  const select = (obj: GqlObject, selections: Selection[], path: Array<string | number>) => {
    const out: Record<string, unknown> = {};
    for (const s of selections) {
      if (s.kind === "inline") {
        if (s.on !== undefined && !knownTypes.has(s.on)) throw new NotSimulated(`unknown type ${s.on}`);
        if (s.on === undefined || s.on === obj.__typename || obj.memberOf.includes(s.on)) {
          Object.assign(out, select(obj, s.selections, path));
        }
        continue;
      }
      if (s.name === "__typename") {
        if (s.selections) throw new NotSimulated("__typename is a scalar");
        out[s.alias] = obj.__typename;
        continue;
      }
      const resolver = obj.fields[s.name];
      if (!resolver) throw new NotSimulated(`${obj.__typename}.${s.name} is not simulated`);
      const args = Object.fromEntries(Object.entries(s.args).map(([k, v]) => [k, resolveValue(v)]));
      const fieldPath = [...path, s.alias];
      try {
        out[s.alias] = complete(resolver(args), s.selections, fieldPath);
      } catch (error) {
        if (!(error instanceof GqlError)) throw error;
        errors.push({ ...(error.type ? { type: error.type } : {}), path: fieldPath, message: error.message });
        out[s.alias] = null;
      }
    }
    return out;
  };
  return { data: select(root, op.selections, []), errors };
}
