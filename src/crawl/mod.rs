//! The crawler: finds a live site's pages and fetches them politely, handing each
//! page's bytes to the audit as it arrives.

pub mod cookies;
pub mod sitemap;
pub mod url;
