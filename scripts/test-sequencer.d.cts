// The types of test-sequencer.cjs (jest loads it as plain JavaScript).
interface OrderedTest {
  readonly path: string;
  readonly duration?: number | null;
  readonly context: { readonly config: { readonly rootDir: string } };
}
declare class SlowTiersFirst {
  sort<T extends OrderedTest>(tests: T[]): T[];
}
declare namespace SlowTiersFirst {
  /** Jest's order, with the untimed files of the tool tiers moved to the front and the readers of shared plans right after them, or last when there are none (each group's order kept); `readsShared` tells a reader by its path (by default: its source calls `sharedPlan(`). */
  function slowTiersFirst<T extends OrderedTest>(sorted: readonly T[], readsShared?: (path: string) => boolean): T[];
}
export = SlowTiersFirst;
