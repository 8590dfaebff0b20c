// Runs first thing in <body>: GOV.UK Frontend styles components for JavaScript only when
// the body says JavaScript is on and the browser supports ES modules.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
