// The two charts of the selected ticker, drawn with uPlot (the global from the vendored script): adjusted close with
// the index, and scaled price with its moving average. Dragging across either chart zooms both to the same days
// (uPlot's cursor sync carries the drag, the setScale hook keeps the ranges equal); the hover line is uPlot's cursor,
// and each chart's readout shows the date and values of the point nearest to it, or of the latest day.

import { price, ratio } from './format.js';

const SYNC_KEY = 'stockpicker-charts';
const Y_AXIS_WIDTH = 64; // the same on both charts, so their plot areas line up day for day
const PHONE = window.matchMedia('(max-width: 720px)');

function chartHeight() {
  return PHONE.matches ? 200 : 260;
}

/** The first index whose x is at least min and the last whose x is at most max (x ascending). */
function visibleRange(x, min, max) {
  let first = 0;
  while (first < x.length - 1 && x[first] < min) first++;
  let last = x.length - 1;
  while (last > first && x[last] > max) last--;
  return [first, last];
}

/** The y range: the visible values plus 5% above and below (uPlot's default rounds out to a much wider range). */
function paddedRange(u, min, max) {
  if (min === null || max === null) return [0, 1];
  const pad = max > min ? (max - min) * 0.05 : Math.abs(max) * 0.01 || 1;
  return [min - pad, max + pad];
}

function definitions(columns) {
  return [
    {
      key: 'price',
      format: price,
      series: [
        { label: columns.ticker, values: columns.ac, swatch: 'ticker' },
        { label: columns.index, values: columns.iac, swatch: 'index' },
      ],
    },
    {
      key: 'scaled',
      format: ratio,
      series: [
        { label: 'Scaled Adj Close', values: columns.sac, swatch: 'scaled' },
        { label: `${columns.avgWeeks}-wk SAC Mv Avg`, values: columns.sacMa, swatch: 'average' },
      ],
    },
  ];
}

const STROKES = { ticker: '#1565c0', index: '#ef6c00', scaled: '#2e7d32', average: '#8e24aa' };

/** The readout line: a date, then one coloured label and value per series; returns a function that fills it in. */
function buildReadout(element, definition) {
  element.replaceChildren();
  const date = document.createElement('time');
  element.append(date);
  const values = definition.series.map((series) => {
    const item = document.createElement('span');
    item.className = 'readout-item';
    const swatch = document.createElement('span');
    swatch.className = `swatch swatch-${series.swatch}`;
    const value = document.createElement('b');
    item.append(swatch, `${series.label} `, value);
    element.append(item);
    return value;
  });
  return (isoDate, index) => {
    date.textContent = isoDate;
    date.dateTime = isoDate;
    definition.series.forEach((series, i) => {
      values[i].textContent = definition.format(series.values[index]);
    });
  };
}

export function createCharts({ figures, emptyMessage, resetButton, rangeLabel, onDrawn }) {
  let charts = [];
  let columns = null;

  function syncScales(source, target) {
    const { min, max } = source.scales.x;
    if (target.scales.x.min !== min || target.scales.x.max !== max) {
      target.setScale('x', { min, max });
    }
  }

  function showRange(chart, figure) {
    const [first, last] = visibleRange(columns.x, chart.scales.x.min, chart.scales.x.max);
    figure.dataset.from = columns.dates[first];
    figure.dataset.to = columns.dates[last];
    const zoomed = first > 0 || last < columns.x.length - 1;
    figure.dataset.zoomed = String(zoomed);
    rangeLabel.textContent = `${columns.dates[first]} – ${columns.dates[last]}`;
    resetButton.disabled = !zoomed;
  }

  function build(definition, figure, drawn) {
    const plot = figure.querySelector('.chart-plot');
    const fill = buildReadout(figure.querySelector('.chart-readout'), definition);
    const latest = columns.x.length - 1;
    const options = {
      width: plot.clientWidth,
      height: chartHeight(),
      legend: { show: false }, // the readout names the series
      cursor: {
        y: false,
        sync: { key: SYNC_KEY },
        drag: { x: true, y: false, setScale: true },
        points: { size: 7 },
      },
      scales: { x: { time: true }, y: { range: paddedRange } },
      axes: [{}, { size: Y_AXIS_WIDTH }],
      series: [
        {},
        ...definition.series.map((series) => ({
          label: series.label,
          stroke: STROKES[series.swatch],
          width: 1.5,
          value: (u, v) => definition.format(v),
        })),
      ],
      hooks: {
        setCursor: [(u) => {
          const index = u.cursor.idx ?? latest;
          fill(columns.dates[index], index);
        }],
        setScale: [(u, key) => {
          if (key !== 'x') return;
          showRange(u, figure);
          charts.filter((other) => other !== u).forEach((other) => syncScales(u, other));
        }],
        draw: [() => drawn()],
      },
    };
    const data = [columns.x, ...definition.series.map((series) => series.values)];
    fill(columns.dates[latest], latest);
    return new window.uPlot(options, data, plot);
  }

  function destroy() {
    charts.forEach((chart) => chart.destroy());
    charts = [];
  }

  /** Draws the charts of a tickerdata payload converted by toColumns; a ticker without quotes gets a message. */
  function show(newColumns) {
    destroy();
    columns = newColumns;
    const empty = columns.x.length === 0;
    emptyMessage.hidden = !empty;
    emptyMessage.textContent = empty ? `No data found for ${columns.ticker}.` : '';
    figures.forEach((figure) => {
      figure.hidden = empty;
      delete figure.dataset.drawn;
    });
    rangeLabel.textContent = '';
    resetButton.disabled = true;
    if (empty) {
      onDrawn(columns.ticker);
      return;
    }
    const pending = new Set(figures.map((figure, i) => i));
    charts = definitions(columns).map((definition, i) => build(definition, figures[i], () => {
      figures[i].dataset.drawn = columns.ticker;
      if (pending.delete(i) && pending.size === 0) {
        onDrawn(columns.ticker);
      }
    }));
  }

  function resetZoom() {
    if (charts.length === 0) return;
    const { x } = columns;
    charts.forEach((chart) => chart.setScale('x', { min: x[0], max: x[x.length - 1] }));
  }

  let resizeQueued = false;
  window.addEventListener('resize', () => {
    if (resizeQueued) return;
    resizeQueued = true;
    requestAnimationFrame(() => {
      resizeQueued = false;
      charts.forEach((chart, i) => {
        const plot = figures[i].querySelector('.chart-plot');
        chart.setSize({ width: plot.clientWidth, height: chartHeight() });
      });
    });
  });

  resetButton.addEventListener('click', resetZoom);
  return { show, resetZoom };
}
