// Keeps the tasks view current: polls /admin/api/tasks and redraws its tables. Values are only ever set as text,
// never as HTML, so a task argument or failure reason cannot inject markup.
(function () {
  'use strict';

  const PERIOD_MS = Number(meta('refresh-ms')) || 5000; // stockpicker.admin.tasks-refresh; tests poll faster
  const csrfParameter = meta('csrf-parameter');
  const csrfToken = meta('csrf-token');

  function meta(name) {
    const element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.content : '';
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) {
      td.className = className;
    }
    return td;
  }

  function row(cells, id) {
    const tr = document.createElement('tr');
    cells.forEach(c => tr.appendChild(c));
    if (id) {
      tr.dataset.id = id;
    }
    return tr;
  }

  function fill(tableId, part, columns, service, empty, toRow) {
    const body = document.querySelector('#' + tableId + ' tbody');
    const rows = !part.available ? [row([note('unavailable (' + service + ')', 'unavailable', columns)])]
      : part.items.length === 0 ? [row([note(empty, 'empty', columns)])]
        : part.items.map(toRow);
    body.replaceChildren(...rows);
  }

  function note(text, className, columns) {
    const td = cell(text, className);
    td.colSpan = columns;
    return td;
  }

  function requeueForm(id) {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/admin/tasks/requeue';
    [[csrfParameter, csrfToken], ['id', id]].forEach(([name, value]) => {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.appendChild(input);
    });
    const button = document.createElement('button');
    button.type = 'submit';
    button.className = 'requeue';
    button.textContent = 'Requeue';
    form.appendChild(button);
    return form;
  }

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  function render(tasks) {
    const queues = tasks.queues;
    text('work-depth', queues.available ? queues.work : 'unavailable');
    text('dead-depth', queues.available ? queues.dead : 'unavailable');
    text('worker-count', tasks.workers.available ? tasks.workers.items.length : 'unavailable');

    fill('workers', tasks.workers, 3, 'Redis', 'No worker has beaten in the last minute.', worker => {
      const seen = cell(worker.ago);
      seen.title = worker.lastSeen;
      return row([cell(worker.id), cell(worker.doing || 'idle', worker.doing ? '' : 'idle'), seen]);
    });

    fill('dead-letters', tasks.deadLetters, 6, 'RabbitMQ', 'No dead letters.', letter => {
      const action = document.createElement('td');
      if (letter.requeueable) {
        action.appendChild(requeueForm(letter.id));
      }
      return row([cell(letter.name), cell(letter.args), cell(letter.reason, 'reason'), cell(letter.failedBy),
        cell(letter.id, 'id'), action], letter.id);
    });

    fill('recent-tasks', tasks.recent, 9, 'Redis', 'No tasks in the last day.', task => {
      const updated = cell(task.ago);
      updated.title = task.updated;
      const state = document.createElement('span');
      state.className = 'state state-' + task.state;
      state.textContent = task.state;
      const stateCell = document.createElement('td');
      stateCell.appendChild(state);
      return row([updated, cell(task.name), cell(task.args), stateCell, cell(task.attempts, 'num'),
        cell(task.duration, 'num'), cell(task.worker), cell(task.reason || task.result, 'reason'),
        cell(task.id, 'id')], task.id);
    });

    const updated = document.getElementById('updated');
    updated.className = 'count';
    updated.textContent = 'As of ' + tasks.at + ', refreshed every ' + PERIOD_MS / 1000 + ' s';
  }

  function stale(message) {
    const updated = document.getElementById('updated');
    updated.className = 'count stale';
    updated.textContent = message + ' (showing the last data)';
  }

  async function poll() {
    // A hidden tab does not poll; it catches up when shown again.
    if (!document.hidden) {
      try {
        const response = await fetch('/admin/api/tasks', { headers: { Accept: 'application/json' },
          credentials: 'same-origin', cache: 'no-store' });
        if (response.status === 401) {
          stale('Your session has ended: reload the page to log in again');
        } else if (!response.ok) {
          stale('The admin answered ' + response.status);
        } else {
          render(await response.json());
        }
      } catch (e) {
        stale('The admin is unreachable');
      }
    }
    setTimeout(poll, PERIOD_MS);
  }

  setTimeout(poll, PERIOD_MS);
}());
