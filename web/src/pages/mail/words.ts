// Counting and listing people in English.
export function people(n: number): string {
  return n === 1 ? "1 person" : `${n} people`;
}

const list = new Intl.ListFormat("en", { style: "long", type: "conjunction" });

// "Ann", "Ann and Bo", "Ann, Bo, and Cy".
export function listNames(names: string[]): string {
  return list.format(names);
}
