"""Moving a blog here: reading old blogs' files and writing their posts (import_posts)."""
