import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
// Defines <dni-capture> (before React renders it, so React sees its properties).
import 'dni-capture';
import type { CardResult, DniCapture } from 'dni-capture';

// X-Mock-Scenario asks the mock API for an old DNI; your proxy would take e.g. a CSRF token.
const HEADERS = { 'X-Mock-Scenario': 'old' };

/** The document number, on the cards whose front has one. */
const idNumber = (result: CardResult) => ('id_number' in result.card_info ? result.card_info.id_number : '');

function App() {
  const dni = useRef<DniCapture>(null);
  const [events, setEvents] = useState<string[]>([]);
  const [result, setResult] = useState<CardResult | null>(null);
  const log = (line: string) => setEvents((list) => [...list, line]);

  return (
    <main>
      <h1>React 19</h1>
      <dni-capture
        ref={dni}
        proxy-url="/api/idcard"
        sides="front"
        headers={HEADERS}
        ondni-camera-ready={(e) => log(`dni-camera-ready ${e.detail.width}×${e.detail.height}`)}
        ondni-camera-error={(e) => log(`dni-camera-error ${e.detail.name}`)}
        ondni-capture={(e) =>
          log(
            `dni-capture ${e.detail.side} ${e.detail.width}×${e.detail.height} ${e.detail.blob.size} bytes, encoded in ${e.detail.encodedIn}`,
          )
        }
        ondni-upload-progress={(e) => {
          if (e.detail.loaded === e.detail.total)
            log(`dni-upload-progress ${e.detail.side} ${e.detail.loaded}/${e.detail.total}`);
        }}
        ondni-result={(e) => {
          log(`dni-result ${e.detail.side} ${e.detail.result.card_type}`);
          setResult(e.detail.result);
        }}
        ondni-error={(e) => log(`dni-error ${e.detail.code} (retryable: ${e.detail.retryable})`)}
        ondni-complete={(e) => log(`dni-complete ${e.detail.cardType} ${idNumber(e.detail.front)}`)}
      />
      {/* capture() reports a failure as a dni-error event (logged above); its promise does not reject. */}
      <p>
        <button id="take" type="button" onClick={() => void dni.current?.capture()}>
          Take the photo (capture())
        </button>
      </p>
      <h2>Events</h2>
      <ol id="events">
        {events.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
      <h2>Result</h2>
      <pre id="result">{result ? JSON.stringify(result.card_info, null, 2) : ''}</pre>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
