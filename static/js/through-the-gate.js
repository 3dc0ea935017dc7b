/* The main menu folds into a button on narrow screens; without JavaScript it simply stays open. */
(function () {
  var button = document.querySelector(".ttg-nav__toggle"), menu = document.getElementById("ttg-menu");
  if (!button || !menu) return;
  button.hidden = false;
  document.documentElement.classList.add("ttg-js");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false"); menu.classList.remove("is-open"); button.focus();
    }
  });
})();

/* On phones the facets of a browse page fold behind a "Filter products" button, so the products come first; without
   JavaScript, or on wider screens, they are simply shown. */
(function () {
  var button = document.querySelector(".ttg-filter-toggle"), panel = document.getElementById("ttg-facets");
  if (!button || !panel) return;
  button.hidden = false;
  document.documentElement.classList.add("ttg-js");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    panel.classList.toggle("is-open", open);
  });
})();

/* The confirmation page of a card payment that the payment service has not confirmed yet asks every few seconds and
   says so when it is, in a polite status region (no reload, nothing moves); after two minutes it stops, and the email
   still follows. Without JavaScript the page keeps its "we will email you" sentence. */
(function () {
  var note = document.getElementById("payment-waiting");
  if (!note || !window.fetch) return;
  var asked = 0;
  function ask() {
    asked += 1;
    fetch(note.getAttribute("data-status-url"), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && !answer.waiting) {
          note.textContent = answer.status === "Cancelled"
            ? "This order was cancelled before a payment arrived; no money was taken."
            : "Your payment is confirmed (" + answer.status + "). A confirmation email is on its way.";
        } else if (asked < 40) {
          window.setTimeout(ask, 3000);
        }
      })
      .catch(function () { if (asked < 40) window.setTimeout(ask, 3000); });
  }
  window.setTimeout(ask, 1500);
})();
