/* The public site's only script. Pages work without it; it adds one thing.

   Forms on cacheable pages (subscribe, sign a campaign) carry no CSRF token and no start time,
   so that every visitor gets the same page (home/form_tokens.py). When someone first
   focuses such a form, or sends it, this fetches both from the address in its
   data-form-tokens attribute (which sets the CSRF cookie then) and fills them in. If that
   fails, the form is sent as it is and the server shows it again, filled in, to send again. */

(() => {
    "use strict";

    const pending = new Map();

    function tokensFrom(url) {
        if (!pending.has(url)) {
            const request = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
                .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))));
            request.catch(() => pending.delete(url));
            pending.set(url, request);
        }
        return pending.get(url);
    }

    function needsTokens(form) {
        const token = form.elements.namedItem("csrfmiddlewaretoken");
        return form.matches("form[data-form-tokens]") && token !== null && token.value === "";
    }

    async function fillTokens(form) {
        const tokens = await tokensFrom(form.dataset.formTokens);
        for (const [name, value] of Object.entries(tokens)) {
            const field = form.elements.namedItem(name);
            if (field !== null && field.value === "") {
                field.value = value;
            }
        }
    }

    document.addEventListener("focusin", (event) => {
        const form = event.target.closest && event.target.closest("form");
        if (form && needsTokens(form)) {
            fillTokens(form).catch(() => {});
        }
    });

    document.addEventListener("submit", (event) => {
        const form = event.target;
        if (!needsTokens(form) || form.dataset.sending) {
            return;
        }
        event.preventDefault();
        form.dataset.sending = "1";
        fillTokens(form)
            .catch(() => {})
            .finally(() => form.requestSubmit(event.submitter));
    });
})();
