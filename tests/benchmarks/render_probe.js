// When a page counts as rendered, timed inside the browser (tests/benchmarks/bench_browser.py).
//
// Installed before any page script. Rendered: the ready element (window.__itudRender.ready) is in
// the page, no Dash component is marked loading, no Dash callback request is in flight, the URL
// holds `contains`, and a frame with all that has been painted; the time is taken after that
// paint, in ms from navigation start (or from the pointerdown after arm(..., true)). Any break in
// the next `quiet` ms starts the wait again.
(() => {
  const state = {ready: null, contains: '', quiet: 300, start: 0, done: null, inflight: 0};
  const pageFetch = window.fetch;
  window.fetch = function (resource, ...rest) {
    const url = typeof resource === 'string' ? resource : resource && resource.url;
    if (!String(url).includes('_dash-update-component')) return pageFetch.call(this, resource, ...rest);
    state.inflight += 1;
    return pageFetch.call(this, resource, ...rest).finally(() => { state.inflight -= 1; });
  };
  const settled = () =>
    state.ready !== null &&
    document.querySelector(state.ready) !== null &&
    document.querySelector('[data-dash-is-loading="true"]') === null &&
    state.inflight === 0 &&
    decodeURIComponent(location.href).includes(state.contains);
  let since = null;
  let painted = false;
  let running = false;
  const afterPaint = new MessageChannel();  // a message posted in rAF runs after that frame's paint
  afterPaint.port1.onmessage = () => { if (painted && since === null) since = performance.now(); };
  const frame = () => {
    if (!settled()) {
      painted = false;
      since = null;
    } else if (!painted) {
      painted = true;
      afterPaint.port2.postMessage(null);
    } else if (since !== null && performance.now() - since >= state.quiet) {
      state.done = since - state.start;
      running = false;
      return;
    }
    requestAnimationFrame(frame);
  };
  const watch = () => {
    Object.assign(state, {done: null});
    since = null;
    painted = false;
    if (!running) { running = true; requestAnimationFrame(frame); }
  };
  window.__itudRender = {
    state,
    // wait for `ready` (and `contains` in the URL) from now, or from the next pointerdown
    arm(ready, contains, onPointerDown) {
      Object.assign(state, {ready, contains: contains || '', done: null});
      if (!onPointerDown) { state.start = 0; watch(); return; }
      document.addEventListener('pointerdown', () => { state.start = performance.now(); watch(); }, {capture: true, once: true});
    },
  };
})();
