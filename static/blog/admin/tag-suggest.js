/* Suggests the site's existing tags while a writer types into the comma-separated tag
   field. The browser's own <datalist> does the showing, so it works with the keyboard and
   screen readers; each suggestion keeps the tags already typed before the last comma. */
(function () {
  "use strict";

  function setUp(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var controller = null;

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var value = input.value;
        var cut = value.lastIndexOf(",");
        var typed = value.slice(cut + 1).trim().replace(/^"/, "");
        var before = cut < 0 ? "" : value.slice(0, cut + 1) + " ";
        if (!typed) {
          list.replaceChildren();
          return;
        }
        if (controller) controller.abort();
        controller = new AbortController();
        var url = input.dataset.tagSuggestUrl + "?q=" + encodeURIComponent(typed);
        fetch(url, { credentials: "same-origin", signal: controller.signal })
          .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.tags.map(function (name) {
              var option = document.createElement("option");
              option.value = before + (name.indexOf(",") < 0 && name.indexOf(" ") < 0 ? name : '"' + name + '"');
              return option;
            }));
          })
          .catch(function () {});
      }, 150);
    });
  }

  function start() {
    document.querySelectorAll("input[data-tag-suggest-url]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
