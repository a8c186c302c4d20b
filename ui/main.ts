// Entry point of the dashboard.
import "./styles.css";
import { App } from "./app";

const app = new App(document.getElementById("app")!);
void app.start();

// Offline use: the site's files are kept by a service worker as they are fetched (public/sw.js).
if ("serviceWorker" in navigator && location.protocol.startsWith("http"))
  navigator.serviceWorker.register(new URL("./sw.js", location.href)).catch(() => {});
