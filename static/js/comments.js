// Remembers the commenter's name and email in this browser only, when she asks to.
// The browser's storage is first read as the form comes near the screen, not at load:
// opening it is a long task on a slow phone, and most readers never scroll to the form.
(function () {
  "use strict";
  var form = document.querySelector(".comment-form");
  if (!form) return;
  var key = "comment-author";
  var remember = form.elements.remember;

  function fill() {
    var saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      return;
    }
    if (saved && remember) {
      if (!form.elements.name.value) form.elements.name.value = saved.name || "";
      if (!form.elements.email.value) form.elements.email.value = saved.email || "";
      remember.checked = true;
    }
  }

  if ("IntersectionObserver" in window) {
    var watch = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      watch.disconnect();
      fill();
    }, { rootMargin: "600px 0px" });
    watch.observe(form);
  } else {
    fill();
  }

  form.addEventListener("submit", function () {
    try {
      if (remember && remember.checked) {
        localStorage.setItem(key, JSON.stringify({
          name: form.elements.name.value,
          email: form.elements.email.value
        }));
      } else {
        localStorage.removeItem(key);
      }
    } catch (error) {
      // Storage is off or full in this browser: the comment goes on without it.
    }
  });
})();
