/* The dashboard's own behaviour where Oscar's templates used inline handlers, which the Content-Security-Policy
   refuses. An image field's preview: once the chosen picture shows, the upload button beside it goes; if the browser
   cannot show it, the button stays and the person is told. */
(function () {
  function preview(event, shown) {
    var img = event.target;
    if (!(img instanceof HTMLImageElement) || !img.dataset.unreadable || !img.getAttribute("src")) return;
    var button = img.parentElement.querySelector("button[id^='upload_button_']");
    if (button) button.style.display = shown ? "none" : "";
    if (!shown) window.alert(img.dataset.unreadable);
  }
  document.addEventListener("load", function (event) { preview(event, true); }, true);
  document.addEventListener("error", function (event) { preview(event, false); }, true);
})();
