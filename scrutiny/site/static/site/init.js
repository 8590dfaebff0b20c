// Start every GOV.UK Frontend component on the page (a file, not an inline script, so the
// Content-Security-Policy can refuse all inline scripts).
import { initAll } from "./govuk-frontend.min.js";

initAll();

// Conditional reveals (fields shown under one answer of radios or checkboxes). GOV.UK
// Frontend's own reveal marks each radio aria-expanded, which ARIA does not allow on a
// radio (alphagov/govuk-frontend#979), so the reveal is done here: an input with
// data-app-reveals names the area it shows while it is chosen. Without this script the
// areas all show.
function syncReveals(form) {
  for (const input of form.querySelectorAll("input[data-app-reveals]")) {
    const area = document.getElementById(input.dataset.appReveals);
    if (!area) continue;
    const module = input.type === "radio" ? "govuk-radios" : "govuk-checkboxes";
    area.classList.toggle(`${module}__conditional--hidden`, !input.checked);
  }
}

for (const form of document.querySelectorAll("form")) {
  if (!form.querySelector("input[data-app-reveals]")) continue;
  syncReveals(form);
  form.addEventListener("change", () => syncReveals(form));
  window.addEventListener("pageshow", () => syncReveals(form));
}

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
