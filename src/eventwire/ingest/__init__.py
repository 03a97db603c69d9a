"""Ingest: read articles from files, folders or stdin into Documents, reporting what fails.

Formats, by extension (each may also be gzipped, ``NAME.EXT.gz``):

- ``.txt``: one article, text kept byte for byte; fields from a ``NAME.json`` sidecar.
- ``.jsonl``: one article per line (``text``, ``id``, ``url``, ``title``, ``published``,
  ``source``, ``language``; other keys go to ``metadata``).
- ``.html``, ``.htm``: a web page; main text and metadata via trafilatura.
- ``.rss``, ``.atom``, ``.xml``: a feed; one article per entry.
- ``.warc``: a web archive; one article per HTML page fetched with HTTP 200.

``-`` reads standard input and sniffs which of these it is.
"""

from eventwire.ingest.dates import normalize_published
from eventwire.ingest.html import document_from_html
from eventwire.ingest.sources import Defaults, read_inputs

__all__ = ["Defaults", "document_from_html", "normalize_published", "read_inputs"]
