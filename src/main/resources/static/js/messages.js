// The error banner: every failed request ends up here, and the page stays usable underneath.

const banner = document.getElementById('error-banner');
const text = document.getElementById('error-text');

document.getElementById('error-dismiss').addEventListener('click', clearError);

export function showError(message) {
  text.textContent = message;
  banner.hidden = false;
}

export function clearError() {
  banner.hidden = true;
  text.textContent = '';
}

export function showSampleNotice(isSample) {
  document.getElementById('sample-notice').hidden = !isSample;
}
