// Talks to the service: every call sends the API key (when the user gave one) and a correlation id, and turns a
// ProblemDetails answer into an ApiError carrying its title, detail and status.

const KEY_STORAGE = 'denoiseapi.apiKey';

// The page lives at <service>/demo/; the API is one level up, so a path prefix added by a gateway keeps working.
const API_BASE = new URL('../', document.baseURI);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function getApiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

function newCorrelationId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return 'demo-' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

async function request(path, { method = 'GET', query = {}, body, signal } = {}) {
  const url = new URL(path.replace(/^\//, ''), API_BASE);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  }
  const headers = { 'X-Correlation-Id': newCorrelationId() };
  const key = getApiKey();
  if (key) headers['X-Api-Key'] = key;
  if (body) headers['Content-Type'] = body.type || 'application/octet-stream';
  const response = await fetch(url, { method, headers, body, signal, cache: 'no-store' });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function getJson(path, query, signal) {
  return (await request(path, { query, signal })).json();
}

export async function postImage(path, image, query, signal) {
  return request(path, { method: 'POST', body: image, query, signal });
}
