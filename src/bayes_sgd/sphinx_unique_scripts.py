"""Sphinx extension: drop repeated inline <script> blocks from every page.

Under Jupyter Book 1.0, sphinx-thebe and sphinx-togglebutton register their inline
configuration scripts twice (once with filename None, once with ""), which the browser reports as "Identifier
'THEBE_JS_URL' has already been declared". Keeping the first copy fixes it.
"""


def _drop_repeated_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _drop_repeated_scripts, priority=999)  # after every other handler
    return {"parallel_read_safe": True, "parallel_write_safe": True}
