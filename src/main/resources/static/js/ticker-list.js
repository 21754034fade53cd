// The loaded tickers, grouped by first letter; clicking one asks for its charts.

export function groupByFirstLetter(symbols) {
  const groups = new Map();
  [...symbols].sort().forEach((symbol) => {
    const letter = symbol.charAt(0);
    if (!groups.has(letter)) groups.set(letter, []);
    groups.get(letter).push(symbol);
  });
  return groups;
}

export function createTickerList({ container, count, onSelect }) {
  let selected = null;

  container.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-ticker]');
    if (button) onSelect(button.dataset.ticker);
  });

  function markSelected() {
    container.querySelectorAll('button[data-ticker]').forEach((button) => {
      if (button.dataset.ticker === selected) {
        button.setAttribute('aria-current', 'true');
      } else {
        button.removeAttribute('aria-current');
      }
    });
  }

  function render(symbols) {
    const groups = [];
    groupByFirstLetter(symbols).forEach((members, letter) => {
      const group = document.createElement('div');
      group.className = 'ticker-group';
      const heading = document.createElement('h3');
      heading.className = 'ticker-letter';
      heading.textContent = letter;
      const list = document.createElement('ul');
      members.forEach((symbol) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'ticker';
        button.dataset.ticker = symbol;
        button.textContent = symbol;
        item.append(button);
        list.append(item);
      });
      group.append(heading, list);
      groups.push(group);
    });
    container.replaceChildren(...groups);
    count.textContent = `(${symbols.length})`;
    markSelected();
  }

  function select(symbol) {
    selected = symbol;
    markSelected();
  }

  return { render, select };
}
