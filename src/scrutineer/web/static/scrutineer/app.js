// The GOV.UK error summary's behaviour, as GOV.UK Frontend's ErrorSummary module does it.
// Served as a static file so that the Content-Security-Policy (script-src 'self') allows it;
// the site has no inline script.
//
// After an invalid submit the page opens with focus on the summary, so a screen reader
// reads "There is a problem" and the list first. A link in the summary moves focus to its
// field and scrolls the field's label (or its fieldset's legend) into view with it.
(function () {
  "use strict";

  function labelFor(input) {
    var fieldset = input.closest("fieldset");
    if (fieldset) {
      var legend = fieldset.querySelector("legend");
      if (legend) return legend;
    }
    return document.querySelector("label[for='" + input.id + "']") || input;
  }

  function init(summary) {
    if (summary.getAttribute("data-disable-auto-focus") !== "true") {
      summary.focus();
    }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      labelFor(input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  function start() {
    var summaries = document.querySelectorAll('[data-module="govuk-error-summary"]');
    Array.prototype.forEach.call(summaries, init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
