// Remembers the commenter's name and email in this browser only, when she asks to.
(function () {
  "use strict";
  var form = document.querySelector(".comment-form");
  if (!form || !window.localStorage) return;
  var key = "comment-author";
  var remember = form.elements.remember;
  try {
    var saved = JSON.parse(localStorage.getItem(key) || "null");
    if (saved && remember) {
      if (!form.elements.name.value) form.elements.name.value = saved.name || "";
      if (!form.elements.email.value) form.elements.email.value = saved.email || "";
      remember.checked = true;
    }
  } catch (error) {
    localStorage.removeItem(key);
  }
  form.addEventListener("submit", function () {
    if (remember && remember.checked) {
      localStorage.setItem(key, JSON.stringify({
        name: form.elements.name.value,
        email: form.elements.email.value
      }));
    } else {
      localStorage.removeItem(key);
    }
  });
})();
