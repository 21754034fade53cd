// Turns the tickerdata payload (one object per day) into the columns the charts draw: x as local-midnight seconds
// (so the time axis labels the right day in any time zone), the API's date strings for the readouts, and the values,
// with null where a derived value could not be computed (drawn as a gap).

function localMidnightSeconds(isoDate) {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(year, month - 1, day).getTime() / 1000;
}

export function toColumns(payload) {
  const rows = payload.results;
  const n = rows.length;
  const columns = {
    ticker: payload.ticker,
    index: payload.index,
    avgWeeks: payload.avg_weeks,
    dates: new Array(n),
    x: new Array(n),
    ac: new Array(n),
    iac: new Array(n),
    sac: new Array(n),
    sacMa: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    columns.dates[i] = row.date;
    columns.x[i] = localMidnightSeconds(row.date);
    columns.ac[i] = row.ac;
    columns.iac[i] = row.iac;
    columns.sac[i] = row.sac;
    columns.sacMa[i] = row.sac_ma;
  }
  return columns;
}
