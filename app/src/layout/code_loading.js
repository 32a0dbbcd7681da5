// Keeps a page alive when its code does not arrive. Runs inline in <head>, before the wasm glue.
// The split loader fetches each page's wasm chunk once and, when that fetch fails, makes the
// application panic: one refused or cut-off chunk left the page dead without a word. Here every
// fetch of the portal's own wasm is retried with backoff; when it still fails, the running
// application is cut off from events (links and forms then work as they do without JavaScript,
// on the server-rendered page), a banner offers a reload, and the fetch never settles, so the
// application waits instead of panicking.
(() => {
  const plainFetch = window.fetch.bind(window);
  const waits = [300, 1000, 3000];
  const isCode = (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    return url.origin === location.origin && url.pathname.startsWith("/pkg/") && url.pathname.endsWith(".wasm");
  };
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  let gaveUp = false;
  const giveUp = () => {
    if (gaveUp) return;
    gaveUp = true;
    const banner = document.createElement("div");
    banner.id = "code-loading-failed";
    banner.setAttribute("role", "status");
    banner.className =
      "fixed inset-x-4 bottom-4 z-50 mx-auto flex max-w-xl items-center justify-between gap-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 shadow-lg dark:border-amber-500/40 dark:bg-amber-950 dark:text-amber-50";
    const text = document.createElement("p");
    text.textContent = "Part of this page did not arrive. It still works, without its interactive parts.";
    const reload = document.createElement("a");
    reload.href = location.href;
    reload.textContent = "Reload";
    reload.className =
      "shrink-0 rounded-md bg-amber-600 px-3 py-1.5 font-medium text-white hover:bg-amber-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-600";
    banner.append(text, reload);
    // Before the application's own listeners (the router's on window among them) see an event.
    for (const type of ["click", "submit", "keydown", "input", "change"]) {
      window.addEventListener(type, (event) => event.stopImmediatePropagation(), true);
    }
    const show = () => document.body.append(banner);
    if (document.body) show();
    else document.addEventListener("DOMContentLoaded", show);
  };
  window.fetch = async (input, init) => {
    if (!isCode(input)) return plainFetch(input, init);
    for (let attempt = 0; ; attempt++) {
      let failure;
      try {
        const response = await plainFetch(input, init);
        if (response.ok) return response;
        failure = `HTTP ${response.status}`;
      } catch (error) {
        failure = error;
      }
      if (attempt >= waits.length) {
        console.error("runway: could not load", String(input instanceof Request ? input.url : input), failure);
        giveUp();
        return new Promise(() => {});
      }
      await sleep(waits[attempt]);
    }
  };
})();
