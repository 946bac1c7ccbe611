/** The shape of a string table with every leaf a string: an English table must have the same keys. */
export type Same<T> = { [K in keyof T]: T[K] extends string ? string : Same<T[K]> };
