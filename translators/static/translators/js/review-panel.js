// Show the review panel above the translation editor rather than below its long list of strings.
(() => {
  const panel = document.querySelector('[data-translator-review]');
  const editor = document.querySelector('.js-translation-editor');
  if (panel && editor) editor.before(panel);
})();
