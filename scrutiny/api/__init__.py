"""The read-only JSON API at /api/v1/: the public pages' content as open data, read
through the same `publishing` selectors so the two can never disagree."""
