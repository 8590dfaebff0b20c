// Start every GOV.UK Frontend component on the page (a file, not an inline script, so the
// Content-Security-Policy can refuse all inline scripts).
import { initAll } from "./govuk-frontend.min.js";

initAll();

// A form sent once (the imports' forms): its buttons are switched off as it is sent, so a
// second click cannot send it again. The server keeps to one job per form as well (the
// form's one-time key, scrutiny/site/submission.py), which also covers no JavaScript.
for (const form of document.querySelectorAll("form[data-app-submit-once]")) {
  form.addEventListener("submit", () => {
    // After this event, so the pressed button's name and value are still sent.
    setTimeout(() => {
      for (const button of form.querySelectorAll("button")) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      }
    }, 0);
  });
}
