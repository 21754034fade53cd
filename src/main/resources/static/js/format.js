// Number formatting shared by the charts and the tables; null (a value that could not be computed) shows as a dash.

export function fixed(value, digits) {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

export const price = (value) => fixed(value, 2);
export const ratio = (value) => fixed(value, 4);
