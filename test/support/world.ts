/**
 * The departments, people and other rows a suite shares: `build` runs in a `beforeAll` of the calling describe (after
 * the hooks declared before it, such as the one that gives the suite its own database), and its tests read the result
 * as `w.name`, each row named once and typed by what `build` returns.
 */
export function suiteWorld<T extends object>(build: () => Promise<T>): T {
  const world = {} as T;
  beforeAll(async () => {
    Object.assign(world, await build());
  });
  return world;
}
