/**
 * Resolves a parameter's syntax to a built-in base type plus facets, following named data types
 * (`dataType@ref`, `dataType@base`) through the file's own definitions first and then the library
 * files (the targets of `import`), overlaying facets as BBF does: a derived facet of a kind
 * replaces the base's facets of that kind.
 */
import type { BuiltinType, Facets, ListSpec, TypeImport, TypeSpec } from './read-model.js';

export interface ResolvedType {
  base: BuiltinType;
  /** The named type used at the parameter, if any (`StatsCounter64`, `IPv4Address`, …). */
  named?: string;
  facets: Facets;
  list?: ListSpec;
  /** True when the items of the list are themselves lists (a list-typed named type in a list). */
  nestedList?: boolean;
}

interface NamedResolution { base: BuiltinType; facets: Facets; list?: ListSpec }

function overlay(base: Facets, derived: Facets): Facets {
  const out: Facets = {
    sizes: derived.sizes.length > 0 ? derived.sizes : base.sizes,
    ranges: derived.ranges.length > 0 ? derived.ranges : base.ranges,
    enumerations: derived.enumerations.length > 0 ? derived.enumerations : base.enumerations,
    patterns: derived.patterns.length > 0 ? derived.patterns : base.patterns,
  };
  const units = derived.units ?? base.units;
  if (units !== undefined) out.units = units;
  if (derived.pathRef === true || base.pathRef === true) out.pathRef = true;
  const enumerationRef = derived.enumerationRef ?? base.enumerationRef;
  if (enumerationRef !== undefined) out.enumerationRef = enumerationRef;
  return out;
}

/**
 * Resolves named types of one model file. A name is looked up in the file's own definitions, then
 * in its `import`s (by file name among `libraries`), then in any library: full files inline every
 * type they use, so the last step only serves hand-written models that omit their imports.
 */
export class TypeResolver {
  readonly #own: ReadonlyMap<string, TypeSpec>;
  readonly #imports: ReadonlyMap<string, TypeImport>;
  readonly #libraries: ReadonlyMap<string, ReadonlyMap<string, TypeSpec>>;
  readonly #cache = new Map<string, NamedResolution>();
  readonly #file: string;

  constructor(
    file: string,
    own: ReadonlyMap<string, TypeSpec>,
    imports: ReadonlyMap<string, TypeImport>,
    libraries: ReadonlyMap<string, ReadonlyMap<string, TypeSpec>>,
  ) {
    this.#file = file;
    this.#own = own;
    this.#imports = imports;
    this.#libraries = libraries;
  }

  #find(name: string): TypeSpec | undefined {
    const own = this.#own.get(name);
    if (own !== undefined) return own;
    const imported = this.#imports.get(name);
    if (imported !== undefined) {
      const library = this.#libraries.get(imported.file);
      if (library === undefined) throw new Error(`${this.#file}: imports ${name} from ${imported.file}, which is not among the type libraries of codegen/registry/generate-registry.ts`);
      return library.get(imported.ref);
    }
    for (const library of this.#libraries.values()) {
      const found = library.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Resolves the syntax of a parameter. */
  resolveSyntax(spec: TypeSpec, where: string): ResolvedType {
    if (spec.builtin !== undefined) {
      const out: ResolvedType = { base: spec.builtin, facets: spec.facets };
      if (spec.list !== undefined) out.list = spec.list;
      return out;
    }
    if (spec.ref === undefined) throw new Error(`${this.#file}: ${where} has a syntax without a type`);
    const named = this.#resolveNamed(spec.ref, [where]);
    const out: ResolvedType = { base: named.base, named: spec.ref, facets: overlay(named.facets, spec.facets) };
    const list = spec.list ?? named.list;
    if (list !== undefined) out.list = list;
    if (spec.list !== undefined && named.list !== undefined) out.nestedList = true;
    return out;
  }

  #resolveNamed(name: string, chain: readonly string[]): NamedResolution {
    const cached = this.#cache.get(name);
    if (cached !== undefined) return cached;
    if (chain.includes(name)) throw new Error(`${this.#file}: data type cycle ${[...chain, name].join(' → ')}`);
    const def = this.#find(name);
    if (def === undefined) throw new Error(`${this.#file}: ${chain[0] ?? ''} uses data type "${name}", defined neither in the file nor in its imports`);
    let resolved: NamedResolution;
    if (def.builtin !== undefined) {
      resolved = { base: def.builtin, facets: def.facets };
    } else if (def.ref !== undefined) {
      const parent = this.#resolveNamed(def.ref, [...chain, name]);
      resolved = { base: parent.base, facets: overlay(parent.facets, def.facets) };
      if (parent.list !== undefined) resolved.list = parent.list;
    } else {
      throw new Error(`${this.#file}: data type "${name}" has neither a built-in type nor a base`);
    }
    if (def.list !== undefined) resolved.list = def.list;
    this.#cache.set(name, resolved);
    return resolved;
  }
}
