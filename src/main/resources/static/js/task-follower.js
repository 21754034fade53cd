// Follows a queued task through its status endpoint until it is done or failed, polling every interval for at most
// maxPolls times, and reports every status on the way.

import * as api from './api.js';

const FINISHED = new Set(['done', 'failed']);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function followTask(statusUrl, onStatus, { intervalMs = 500, maxPolls = 240 } = {}) {
  let last = null;
  for (let poll = 0; poll < maxPolls; poll++) {
    await sleep(intervalMs);
    last = await api.taskStatus(statusUrl);
    onStatus(last);
    if (FINISHED.has(last.status)) return last;
  }
  const seconds = Math.round((intervalMs * maxPolls) / 1000);
  throw new Error(`stopped following the task after ${seconds} s; it is still ${last ? last.status : 'unknown'}`);
}
