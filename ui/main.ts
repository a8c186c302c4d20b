// Entry point of the dashboard.
import "./styles.css";
import { App } from "./app";

const app = new App(document.getElementById("app")!);
void app.start();
