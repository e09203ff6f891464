//! Placeholder, filled in by the crawler work.
