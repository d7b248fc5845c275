// Starts GOV.UK Frontend's components (a file of our own, not an inline script, so that the
// Content-Security-Policy can refuse inline scripts).
import { initAll } from "/assets/govuk-frontend.min.js";

initAll();
