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
