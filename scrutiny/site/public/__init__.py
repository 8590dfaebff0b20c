"""The public site: pages anyone can read without signing in. What each page shows is
decided by `scrutiny.publishing`; these views only parse, fetch and render."""
