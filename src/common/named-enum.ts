/** The values of an enum-like object: `EnumValue<typeof TicketPriority>` is `'LOW' | 'MEDIUM' | …`. */
export type EnumValue<E> = E[keyof E];

const build = <N extends string>(names: readonly N[], value: (name: N) => string) =>
  Object.fromEntries(names.map((name) => [name, value(name)]));

/**
 * A string enum whose values are its names, each written once: `namedEnum('LOW', 'HIGH')` is
 * `{ LOW: 'LOW', HIGH: 'HIGH' }`. Declare `type X = EnumValue<typeof X>` beside it; Swagger's `enum:` and
 * class-validator's `@IsEnum` read it as they read a TypeScript string enum.
 */
export function namedEnum<const N extends string>(...names: N[]): { readonly [K in N]: K } {
  return build(names, (name) => name) as { readonly [K in N]: K };
}

/** The same with lower-case values: `lowerCaseEnum('LOGGED_OUT')` is `{ LOGGED_OUT: 'logged_out' }`. */
export function lowerCaseEnum<const N extends string>(...names: N[]): { readonly [K in N]: Lowercase<K> } {
  return build(names, (name) => name.toLowerCase()) as { readonly [K in N]: Lowercase<K> };
}
