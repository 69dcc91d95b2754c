// Loaded first (a classic script) by every bench page: counts object URLs and records long
// tasks, before any of the code under test runs.
(() => {
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  const live = new Set();
  let created = 0;
  let revoked = 0;
  URL.createObjectURL = (object) => {
    const url = create(object);
    created++;
    live.add(url);
    return url;
  };
  URL.revokeObjectURL = (url) => {
    if (live.delete(url)) revoked++;
    return revoke(url);
  };
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      longTasks.push({ start: e.startTime, end: e.startTime + e.duration, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  performance.setResourceTimingBufferSize(10000);

  /** The longest long task (≥ 50 ms, the Long Tasks API's floor) overlapping [from, to]; 0 if none. */
  const longestTask = (from, to) =>
    Math.max(0, ...longTasks.filter((t) => t.end >= from && t.start <= to).map((t) => t.duration));

  /** The POST to the proxy that started after `from`: when its request went out, relative to `from`. */
  const upload = (from) => {
    const entry = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/api/idcard') && e.startTime >= from)
      .at(0);
    return entry ? { requestStartMs: entry.requestStart - from, responseEndMs: entry.responseEnd - from } : null;
  };

  window.bench = { objectUrls: () => ({ created, revoked, live: live.size }), longestTask, upload };
})();
