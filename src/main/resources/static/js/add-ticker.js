// The add-ticker form: queues the download, shows queued → updating → done or failed, and hands a finished ticker
// to onAdded. A refused symbol shows the server's reason. The button is always given back, whatever happens.

import * as api from './api.js';
import { followTask } from './task-follower.js';
import { showError } from './messages.js';

const LABELS = { queued: 'queued', running: 'updating', retrying: 'updating', done: 'done', failed: 'failed' };

export function createAddTicker({ form, input, button, status, onAdded }) {
  function say(symbol, state, detail) {
    status.textContent = `${symbol}: ${state}${detail ? ` (${detail})` : ''}`;
    status.dataset.state = state;
    status.dataset.history = status.dataset.history ? `${status.dataset.history} ${state}` : state;
  }

  function sayStatus(symbol, task) {
    const label = LABELS[task.status] || task.status;
    if (status.dataset.state !== label || task.status === 'retrying') {
      say(symbol, label, task.status === 'retrying' ? `retrying: ${task.reason}` : null);
    }
  }

  async function add(symbol) {
    button.disabled = true;
    status.classList.remove('is-error');
    delete status.dataset.history;
    say(symbol, 'sending');
    let queued = null;
    try {
      queued = await api.addTicker(symbol);
      symbol = queued.ticker;
      say(symbol, 'queued');
      const finished = await followTask(queued.status_url, (task) => sayStatus(symbol, task));
      if (finished.status === 'failed') {
        status.classList.add('is-error');
        say(symbol, 'failed', finished.reason);
        showError(`Adding ${symbol} failed: ${finished.reason}`);
        return;
      }
      input.value = '';
      await onAdded(symbol);
    } catch (e) {
      status.classList.add('is-error');
      say(symbol, queued ? 'failed' : 'refused', e.message);
      showError(`Adding ${symbol}: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const symbol = input.value.trim().toUpperCase();
    if (symbol) add(symbol);
  });
}
