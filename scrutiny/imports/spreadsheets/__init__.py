"""Recommendation trackers kept as spreadsheets (XLSX or CSV), in and out.

- `reading`: any uploaded file → a table of headings and numbered rows, or a refusal
  that names the place.
- `fields`, `mapping`: which of our fields each column fills, guessed from the headings
  and remembered per layout (`scrutiny.imports.models.ColumnMapping`).
- `values`, `rows`: each cell read as our value, each problem named by row and column.
- `applying`: one row applied to a recommendation through the review services, plus the
  documented import service for the history a tracker records.
- `tracker`: preview every row (nothing kept), then import all or nothing.
- `exporting`: a review's tracker as XLSX or CSV in the same columns.
"""
