// The compiler's check that every endpoint function answers what the contract says its operation
// answers: a function of endpoints.ts named after an operationId of docs/openapi.json must resolve
// to that operation's success body (200, 201 or 202; nothing for 204). Type-only: nothing here runs.
// When the check fails, `tsc` names the functions that disagree in the error on `agreed`.
import type * as endpoints from "./endpoints";
import type { operations } from "./schema";

// A success without a JSON body (202 with nothing, 204) resolves to nothing.
type Json<R> = R extends { content: infer C }
  ? [C] extends [never] ? void : C extends { "application/json": infer T } ? T : void
  : void;
type Success<R> = R extends { 200: infer A } ? Json<A>
  : R extends { 201: infer A } ? Json<A>
  : R extends { 202: infer A } ? Json<A>
  : R extends { 204: infer A } ? Json<A>
  : never;
type Answer<Op extends keyof operations> = Success<operations[Op]["responses"]>;
type Resolves<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type Endpoints = typeof endpoints;
type Checked = keyof Endpoints & keyof operations;
export type Disagreeing = { [K in Checked]: Same<Resolves<Endpoints[K]>, Answer<K>> extends true ? never : K }[Checked];

// Fails to compile naming the disagreeing functions ("getSchedule disagrees with docs/openapi.json").
export const agreed: [Disagreeing] extends [never] ? true : `${Disagreeing} disagrees with docs/openapi.json` = true;
