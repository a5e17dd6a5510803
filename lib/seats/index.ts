/** The seat engine (docs/product.md §2–§4): pure rules, no framework, no DB. */
export * from "./roles";
export * from "./transitions";
export * from "./provisional";
export * from "./evaluate-seat";
