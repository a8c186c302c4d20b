// @types/seedrandom types only the package root, which pulls in Node's crypto; this declares
// the standalone Alea generator file, imported with its extension so plain Node ESM resolves it.
declare module "seedrandom/lib/alea.js" {
  /** Baagoe's Alea: a fast generator returning uniform numbers in [0, 1). */
  function alea(seed: string): () => number;
  export default alea;
}
