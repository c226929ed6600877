// wagtail-localize's editor writes its heading ("English to shqip translation") in English, outside
// its catalogues; the template gives the same heading in the admin's language.
(() => {
  const data = document.getElementById('translators-editor-heading');
  if (!data) return;
  const { english, translated } = data.dataset;
  if (english === translated) return;

  const translate = (root) => {
    if (!(root instanceof Element)) return;
    root.querySelectorAll('.js-translation-editor section h3').forEach((heading) => {
      if (heading.textContent === english) heading.textContent = translated;
    });
  };

  translate(document.body);
  // The editor is drawn by React after the page loads.
  new MutationObserver((records) => {
    records.forEach((record) => record.addedNodes.forEach(translate));
  }).observe(document.body, { childList: true, subtree: true });
})();
