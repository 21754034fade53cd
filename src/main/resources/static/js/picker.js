// The picker page: wires the charts, the ticker list, the recommendations and the add-ticker form to the JSON API.
// Requests run concurrently and nothing locks the page: a failed request shows the error banner, and only the
// newest chart request of several in flight gets drawn.

import * as api from './api.js';
import { toColumns } from './chart-data.js';
import { createCharts } from './charts.js';
import { createTickerList } from './ticker-list.js';
import { createRecommendations } from './recommendations.js';
import { createAddTicker } from './add-ticker.js';
import { showError, showSampleNotice } from './messages.js';

const STARTING_TICKER = 'AMZN';
const byId = (id) => document.getElementById(id);

const chartsSection = byId('charts');
const chartTitle = byId('chart-title');

const charts = createCharts({
  figures: [byId('price-chart'), byId('scaled-chart')],
  emptyMessage: byId('chart-empty'),
  resetButton: byId('reset-zoom'),
  rangeLabel: byId('zoom-range'),
  onDrawn: (ticker) => {
    if (performance.getEntriesByName('charts-drawn').length === 0) {
      performance.mark('charts-drawn');
    }
    chartsSection.dataset.drawnTicker = ticker;
  },
});

let latestChartRequest = 0;

async function loadTicker(symbol) {
  const request = ++latestChartRequest;
  chartsSection.setAttribute('aria-busy', 'true');
  try {
    const payload = await api.tickerData(symbol);
    if (request !== latestChartRequest) return;
    chartTitle.textContent = payload.ticker;
    tickerList.select(payload.ticker);
    history.replaceState(null, '', `#${payload.ticker}`);
    charts.show(toColumns(payload));
  } catch (e) {
    if (request === latestChartRequest) showError(`Charts of ${symbol}: ${e.message}`);
  } finally {
    if (request === latestChartRequest) chartsSection.removeAttribute('aria-busy');
  }
}

const tickerList = createTickerList({ container: byId('ticker-list'), count: byId('ticker-count'), onSelect: loadTicker });

const recommendations = createRecommendations({
  buyTable: byId('buy-table'),
  sellTable: byId('sell-table'),
  buyCount: byId('buy-count'),
  sellCount: byId('sell-count'),
  latestDate: byId('latest-date'),
  filterBar: byId('filter'),
  onSelect: loadTicker,
});

async function refreshTickers() {
  try {
    tickerList.render((await api.tickerList()).tickers);
  } catch (e) {
    showError(`Ticker list: ${e.message}`);
  }
}

async function refreshRecommendations() {
  try {
    recommendations.render(await api.recommendations());
  } catch (e) {
    recommendations.render(null);
    showError(`Recommendations: ${e.message}`);
  }
}

async function checkSource() {
  try {
    showSampleNotice((await api.source()).sample === true);
  } catch (e) {
    showError(`Data source: ${e.message}`);
  }
}

createAddTicker({
  form: byId('add-ticker-form'),
  input: byId('add-ticker-input'),
  button: byId('add-ticker-button'),
  status: byId('add-ticker-status'),
  onAdded: (symbol) => Promise.all([refreshTickers(), refreshRecommendations(), loadTicker(symbol)]),
});

window.addEventListener('unhandledrejection', (event) => showError(String(event.reason)));

// The address's fragment names the charted ticker (/#MSFT), so a chart can be linked to and reloaded.
const tickerInAddress = () => decodeURIComponent(location.hash.slice(1)).trim().toUpperCase();
window.addEventListener('hashchange', () => {
  const symbol = tickerInAddress();
  if (symbol && symbol !== chartTitle.textContent) loadTicker(symbol);
});

loadTicker(tickerInAddress() || STARTING_TICKER);
refreshTickers();
refreshRecommendations();
checkSource();
