/** The named fields of a request body, each `null` where the body leaves it out (what services take for "none"). */
export const absentAsNull = <T extends object, K extends keyof T>(
  body: T,
  ...keys: K[]
): { [P in K]-?: Exclude<T[P], undefined> | null } =>
  Object.fromEntries(keys.map((key) => [key, body[key] ?? null])) as {
    [P in K]-?: Exclude<T[P], undefined> | null;
  };
