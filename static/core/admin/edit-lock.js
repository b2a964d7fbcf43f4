/* Keeps this writer's hold on the object she has open (core/edit_locks.py): renewed
   while the page is open, given up when it closes. Others opening it are told. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script.dataset.url;
  var seconds = Number(script.dataset.renewSeconds) || 60;

  function request(release) {
    var body = new FormData();
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    body.append("csrfmiddlewaretoken", token ? token.value : "");
    if (release) body.append("release", "1");
    return body;
  }

  setInterval(function () {
    fetch(url, { method: "POST", body: request(false), credentials: "same-origin" }).catch(
      function () {}
    );
  }, seconds * 1000);
  window.addEventListener("pagehide", function () {
    navigator.sendBeacon(url, request(true));
  });
})();
