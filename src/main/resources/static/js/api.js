// The JSON API of the app. Every call resolves with the parsed body or rejects with an ApiError whose message is
// the server's reason ({"success": false, "error": "..."}) or says what went wrong on the way.

const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function request(method, path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  // no-cache: the server's answer reflects every change committed before the request (a ticker just added is in
  // the list); without it, the API may answer a few milliseconds behind the database.
  const headers = { Accept: 'application/json', 'Cache-Control': 'no-cache' };
  const init = { method, headers, signal: controller.signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(controller.signal.aborted
      ? `${method} ${path}: no answer within ${TIMEOUT_MS / 1000} s`
      : `${method} ${path}: cannot reach the server`, 0);
  } finally {
    clearTimeout(timer);
  }
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    // not JSON: reported below with the HTTP status
  }
  if (!response.ok || json === null || json.success === false) {
    const reason = json && typeof json.error === 'string' ? json.error : `HTTP ${response.status}`;
    throw new ApiError(reason, response.status);
  }
  return json;
}

export const tickerList = () => request('GET', '/tickers/tickerlist/');
export const tickerData = (ticker) => request('POST', '/tickers/tickerdata/', { ticker });
export const recommendations = () => request('GET', '/tickers/recommendations/');
export const addTicker = (ticker) => request('POST', '/tickers/addticker/', { ticker });
export const taskStatus = (statusUrl) => request('GET', statusUrl);
export const source = () => request('GET', '/tickers/source/');
