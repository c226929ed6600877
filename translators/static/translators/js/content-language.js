// Text typed into a page or a translation takes the language and direction of the content, not
// of the admin: Arabic is typed and shown right to left even when the admin speaks English.
(() => {
  const data = document.getElementById('translators-content-language');
  if (!data) return;
  const content = JSON.parse(data.textContent);

  const rules = [
    // The page editor's text fields, except those holding addresses and identifiers.
    [
      content,
      [
        '#page-edit-form input[type="text"]:not([name="slug"])',
        '#page-edit-form textarea',
        '#page-edit-form [contenteditable="true"]',
      ],
    ],
    // The translation editor: each translation follows its source string.
    [content, ['.js-translation-editor li > p + div']],
    [content.source, ['.js-translation-editor li > p:first-child']],
  ].filter(([language]) => language);

  const mark = (root) => {
    if (!(root instanceof Element)) return;
    rules.forEach(([language, selectors]) => {
      const selector = selectors.join(',');
      const found = [...root.querySelectorAll(selector)];
      if (root.matches(selector)) found.push(root);
      found.forEach((element) => {
        element.setAttribute('lang', language.code);
        element.setAttribute('dir', language.direction);
      });
    });
  };

  mark(document.body);
  // The editors add fields as people work (StreamField blocks, the translation being typed).
  new MutationObserver((records) => {
    records.forEach((record) => record.addedNodes.forEach(mark));
  }).observe(document.body, { childList: true, subtree: true });
})();
