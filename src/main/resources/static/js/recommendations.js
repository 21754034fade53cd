// The buy and sell tables with their counts, the latest data date, and the first-letter filter over both tables.

import { price, ratio } from './format.js';

const ALL = '';

function row(quote) {
  const tr = document.createElement('tr');
  tr.dataset.symbol = quote.symbol;
  const symbolCell = document.createElement('th');
  symbolCell.scope = 'row';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'ticker';
  button.dataset.ticker = quote.symbol;
  button.textContent = quote.symbol;
  symbolCell.append(button);
  tr.append(symbolCell);
  [price(quote.ac), ratio(quote.sac), ratio(quote.sac_ma), ratio(quote.ratio)].forEach((text) => {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  });
  return tr;
}

function emptyRow(text) {
  const tr = document.createElement('tr');
  tr.className = 'empty';
  const td = document.createElement('td');
  td.colSpan = 5;
  td.textContent = text;
  tr.append(td);
  return tr;
}

export function createRecommendations({ buyTable, sellTable, buyCount, sellCount, latestDate, filterBar, onSelect }) {
  let hits = { buy: [], sell: [] };
  let letter = ALL;

  [buyTable, sellTable].forEach((table) => table.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-ticker]');
    if (button) onSelect(button.dataset.ticker);
  }));

  filterBar.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-filter]');
    if (!button) return;
    letter = button.dataset.filter;
    renderFilter();
    renderTables();
  });

  function letters() {
    const all = [...hits.buy, ...hits.sell].map((quote) => quote.symbol.charAt(0));
    return [...new Set(all)].sort();
  }

  function renderFilter() {
    const choices = [ALL, ...letters()];
    if (!choices.includes(letter)) letter = ALL;
    filterBar.replaceChildren(...choices.map((choice) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.filter = choice;
      button.textContent = choice === ALL ? 'All' : choice;
      button.setAttribute('aria-pressed', String(choice === letter));
      return button;
    }));
  }

  function renderTable(table, countElement, quotes) {
    const shown = quotes.filter((quote) => letter === ALL || quote.symbol.startsWith(letter));
    const body = table.tBodies[0];
    if (shown.length === 0) {
      body.replaceChildren(emptyRow(quotes.length === 0 ? 'None' : `None starting with ${letter}`));
    } else {
      body.replaceChildren(...shown.map(row));
    }
    countElement.textContent = letter === ALL ? String(quotes.length) : `${shown.length} of ${quotes.length}`;
  }

  function renderTables() {
    renderTable(buyTable, buyCount, hits.buy);
    renderTable(sellTable, sellCount, hits.sell);
  }

  /** Shows a recommendations payload; null (none available) empties the tables. */
  function render(payload) {
    hits = payload ? { buy: payload.buy_hits, sell: payload.sell_hits } : { buy: [], sell: [] };
    latestDate.textContent = payload ? payload.latest_data_date : '–';
    latestDate.dateTime = payload ? payload.latest_data_date : '';
    renderFilter();
    renderTables();
  }

  return { render };
}
