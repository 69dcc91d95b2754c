// The host page's code: set properties, call methods, listen to events.
const dni = document.getElementById('dni');
const events = document.getElementById('events');
const result = document.getElementById('result');

// A property (objects cannot be attributes): extra headers for your proxy, e.g. a CSRF token.
// X-Mock-Scenario asks the mock API for an old DNI; a real proxy would not forward it.
dni.headers = { 'X-Mock-Scenario': 'old' };

function log(text) {
  const item = document.createElement('li');
  item.textContent = text;
  events.append(item);
}

dni.addEventListener('dni-camera-ready', (e) => log(`dni-camera-ready ${e.detail.width}×${e.detail.height}`));
dni.addEventListener('dni-camera-error', (e) => log(`dni-camera-error ${e.detail.name}`));
dni.addEventListener('dni-capture', (e) =>
  log(
    `dni-capture ${e.detail.side} ${e.detail.width}×${e.detail.height} ${e.detail.blob.size} bytes, encoded in ${e.detail.encodedIn}`,
  ),
);
dni.addEventListener('dni-upload-progress', (e) => {
  if (e.detail.loaded === e.detail.total)
    log(`dni-upload-progress ${e.detail.side} ${e.detail.loaded}/${e.detail.total}`);
});
dni.addEventListener('dni-result', (e) => {
  log(`dni-result ${e.detail.side} ${e.detail.result.card_type}`);
  result.textContent = JSON.stringify(e.detail.result.card_info, null, 2);
});
dni.addEventListener('dni-error', (e) => log(`dni-error ${e.detail.code} (retryable: ${e.detail.retryable})`));
dni.addEventListener('dni-complete', (e) =>
  log(`dni-complete ${e.detail.cardType} ${e.detail.front.card_info.id_number}`),
);

document.getElementById('take').addEventListener('click', () => dni.capture());
