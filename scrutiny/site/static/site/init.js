// Start every GOV.UK Frontend component on the page (a file, not an inline script, so the
// Content-Security-Policy can refuse all inline scripts).
import { initAll } from "./govuk-frontend.min.js";

initAll();
