/* The admin's Markdown editor: EasyMDE for writing, the server for the preview.
   The preview is rendered by the same code and allowlist as the public page, so what the
   writer sees here is what readers get. Without JavaScript the plain textarea remains. */
(function () {
  "use strict";

  function csrfToken(textarea) {
    var field = textarea.form && textarea.form.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function previewer(textarea, labels) {
    var timer = null;
    var controller = null;
    return function (plainText, preview) {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (controller) controller.abort();
        controller = new AbortController();
        var body = new FormData();
        body.append("text", plainText);
        fetch(textarea.dataset.previewUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(textarea) },
          signal: controller.signal,
        })
          .then(function (response) {
            if (response.ok) return response.json();
            // The server's own words when it gave them (a text over the length limit).
            return response.json().then(function (data) {
              var refusal = new Error(data.error);
              refusal.shown = Boolean(data.error);
              throw refusal;
            });
          })
          .then(function (data) {
            // Sanitized on the server by the public renderer.
            preview.innerHTML = data.html;
          })
          .catch(function (error) {
            if (error.name !== "AbortError") {
              preview.textContent = error.shown ? error.message : labels.failed;
            }
          });
      }, 250);
      return preview.innerHTML || labels.loading;
    };
  }

  function wordCount(textarea, labels) {
    function show(element) {
      var text = textarea.easyMDE ? textarea.easyMDE.value() : textarea.value;
      var words = text.match(/[^\s#*_>`|-]+/g);
      element.textContent = labels.words.replace("%(count)s", words ? words.length : 0);
    }
    return { className: "words", defaultValue: show, onUpdate: show };
  }

  /* Unsaved text survives a crash or a closed tab: kept in this browser per page, field
     and signed-in user, with the saved version it was written on. Restored by itself
     when that version is still the saved one; offered, not forced, when someone saved
     since (restoring then brings back the old version stamp, so saving shows both texts
     instead of overwriting theirs). Leaving with unsaved text asks first. */
  function keepDrafts(textarea, editor, labels) {
    var owner = document.querySelector("meta[name=draft-owner]");
    if (!owner || !window.localStorage) return;
    var key = "draft:" + owner.content + ":" + location.pathname + ":" + textarea.name;
    var form = textarea.form;
    var stamp = form && form.querySelector("[name=opened_at]");
    var base = stamp ? stamp.value : "";
    var initial = editor.value();
    var submitting = false;
    var timer = null;

    function read() {
      try {
        return JSON.parse(localStorage.getItem(key) || "null");
      } catch (error) {
        return null;
      }
    }
    function store() {
      var text = editor.value();
      if (text === initial) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify({ text: text, base: base, at: Date.now() }));
    }
    function notice(message, actions) {
      var box = document.createElement("div");
      box.className = "draft-notice";
      box.setAttribute("role", "status");
      var text = document.createElement("p");
      text.textContent = message;
      box.appendChild(text);
      actions.forEach(function (action) {
        var control = document.createElement("button");
        control.type = "button";
        control.className = "button draft-" + action.name;
        control.textContent = action.label;
        control.addEventListener("click", function () {
          action.run();
          box.remove();
        });
        box.appendChild(control);
      });
      var container = editor.codemirror.getWrapperElement().parentNode;
      container.parentNode.insertBefore(box, container);
    }
    var discard = {
      name: "discard",
      label: labels.discardDraft,
      run: function () {
        localStorage.removeItem(key);
        editor.value(initial);
      },
    };

    editor.codemirror.on("change", function () {
      clearTimeout(timer);
      timer = setTimeout(store, 500);
    });
    if (form) {
      form.addEventListener("submit", function () {
        submitting = true;
        clearTimeout(timer);
        localStorage.removeItem(key);
      });
    }
    window.addEventListener("beforeunload", function (event) {
      if (submitting || editor.value() === initial) return;
      store();
      event.preventDefault();
      event.returnValue = "";
    });

    var draft = read();
    if (!draft || !draft.text || draft.text === initial) return;
    var when = new Date(draft.at).toLocaleString(document.documentElement.lang || undefined);
    if (draft.base === base) {
      editor.value(draft.text);
      notice(labels.draftRestored.replace("%(time)s", when), [discard]);
    } else {
      var restore = {
        name: "restore",
        label: labels.restoreDraft,
        run: function () {
          editor.value(draft.text);
          if (stamp) stamp.value = draft.base;
        },
      };
      notice(labels.draftOlder.replace("%(time)s", when), [restore, discard]);
    }
  }

  function button(name, action, icon, labels) {
    return { name: name, action: action, className: icon, title: labels[name] };
  }

  function setUp(textarea) {
    var labels = JSON.parse(textarea.dataset.labels || "{}");
    var uploadUrl = textarea.dataset.uploadUrl;
    var toolbar = [
      button("bold", EasyMDE.toggleBold, "fa fa-bold", labels),
      button("italic", EasyMDE.toggleItalic, "fa fa-italic", labels),
      button("heading", EasyMDE.toggleHeadingSmaller, "fa fa-heading", labels),
      "|",
      button("quote", EasyMDE.toggleBlockquote, "fa fa-quote-left", labels),
      button("unordered-list", EasyMDE.toggleUnorderedList, "fa fa-list-ul", labels),
      button("ordered-list", EasyMDE.toggleOrderedList, "fa fa-list-ol", labels),
      "|",
      button("link", EasyMDE.drawLink, "fa fa-link", labels),
      button("image", EasyMDE.drawImage, "fa fa-image", labels),
    ];
    if (uploadUrl) toolbar.push(button("upload-image", EasyMDE.drawUploadedImage, "fa fa-upload", labels));
    toolbar.push(
      button("table", EasyMDE.drawTable, "fa fa-table", labels),
      "|",
      button("preview", EasyMDE.togglePreview, "fa fa-eye no-disable", labels),
      button("side-by-side", EasyMDE.toggleSideBySide, "fa fa-columns no-disable no-mobile", labels),
      button("fullscreen", EasyMDE.toggleFullScreen, "fa fa-arrows-alt no-disable no-mobile", labels),
      "|",
      button("undo", EasyMDE.undo, "fa fa-undo", labels),
      button("redo", EasyMDE.redo, "fa fa-redo", labels)
    );
    var options = {
      element: textarea,
      forceSync: true,
      sideBySideFullscreen: false,
      // Icons and dictionaries come from our static files, never from a CDN.
      autoDownloadFontAwesome: false,
      spellChecker: false,
      nativeSpellcheck: true,
      status: [wordCount(textarea, labels), "upload-image"],
      toolbar: toolbar,
      previewRender: previewer(textarea, labels),
      previewClass: ["editor-preview", "e-content"],
    };
    if (uploadUrl) {
      options.uploadImage = true;
      options.imageUploadEndpoint = uploadUrl;
      options.imagePathAbsolute = true;
      options.imageCSRFToken = csrfToken(textarea);
      options.imageAccept = "image/jpeg, image/png, image/webp, image/gif";
      options.imageMaxSize = Number(textarea.dataset.imageMaxBytes || 10485760);
      options.imageTexts = {
        sbInit: labels.attach,
        sbOnDragEnter: labels.drop,
        sbProgress: labels.uploading,
        sbOnUploaded: labels.uploaded,
      };
      options.errorMessages = {
        noFileGiven: labels.noFile,
        typeNotAllowed: labels.wrongType,
        fileTooLarge: labels.tooLarge,
        importError: labels.uploadFailed,
      };
    }
    textarea.easyMDE = new EasyMDE(options);
    keepDrafts(textarea, textarea.easyMDE, labels);
    // The field's <label> names the hidden textarea; CodeMirror types into one of its own.
    var label = textarea.labels && textarea.labels[0];
    if (label) {
      if (!label.id) label.id = textarea.id + "_label";
      textarea.easyMDE.codemirror.getInputField().setAttribute("aria-labelledby", label.id);
    }
  }

  function start() {
    if (typeof EasyMDE === "undefined") return;
    document.querySelectorAll("textarea[data-markdown-editor]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
