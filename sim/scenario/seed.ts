// The seed's bound, shared by the schema and the command line's --seed (which must not load the
// schema, and zod with it, just to parse its arguments).

/** Seeds are whole numbers a double holds exactly: 2^53 + 1 would run as 2^53. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;
