"""Static files in production: WhiteNoise serves them from STATIC_ROOT with compressed
copies and content-hashed names (`site/app.4f1c2e9a7b3d.css`), which it marks cacheable
for ever; any change to a file gives it a new name, so browsers never keep a stale one.

The site's script is a JavaScript module that imports GOV.UK Frontend by a relative path,
so the imports are rewritten to the hashed names too (Django's module-import support,
off by default): otherwise the imported file would keep its plain name and a short cache.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
