// The dashboard offline (lessons in a classroom without a network): every file of the site is kept
// as it is fetched, and served from that copy when the network fails. Network first, so a new
// build is seen as soon as it is served.
const CACHE = "elbsim-site";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(() =>
        caches
          .open(CACHE)
          .then((cache) => cache.match(request, { ignoreSearch: true }))
          .then((cached) => cached ?? Response.error()),
      ),
  );
});
