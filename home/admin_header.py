"""The page editor's header: which actions show beside the page's title, which sit in its "…" menu."""

from urllib.parse import urlsplit

from django.urls import reverse

from wagtail.admin.widgets.button import ButtonWithDropdown, HeaderButton

# Actions the editor offers already: the page being edited, and unpublishing in its footer's menu.
EDITOR_OWN_ACTIONS = ("wagtailadmin_pages:edit", "wagtailadmin_pages:unpublish")


def action_paths(url_names, page):
    return [reverse(name, args=[page.pk]) for name in url_names]


def arrange_header_buttons(buttons, page):
    """Return the editor's header buttons with the page type's main actions out of the "…" menu.

    Wagtail puts every `register_page_header_buttons` button in that menu. A page type names the
    actions to show beside its title in `admin_header_actions`, {URL name taking the page's id:
    "label" or "icon"} (an icon has its label as a tooltip); the menu keeps the rest, less the
    editor's own actions.
    """
    actions = getattr(page.specific_class, "admin_header_actions", {})
    main_paths = action_paths(actions, page)
    icon_only = dict(zip(main_paths, (show == "icon" for show in actions.values()), strict=True))
    own_paths = set(action_paths(EDITOR_OWN_ACTIONS, page))
    main, arranged = {}, []
    for button in buttons:
        if not isinstance(button, ButtonWithDropdown):
            arranged.append(button)
            continue
        kept = []
        for item in button.dropdown_buttons:
            path = urlsplit(item.url or "").path
            if path in main_paths:
                main[path] = HeaderButton(
                    item.label,
                    item.url,
                    icon_name=item.icon_name,
                    attrs=item.attrs,
                    icon_only=icon_only[path],
                )
            elif path not in own_paths:
                kept.append(item)
        button.dropdown_buttons = kept
        if kept:
            arranged.append(button)
    return [*(main[path] for path in main_paths if path in main), *arranged]
