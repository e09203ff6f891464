//! carelint audits digital health services for inclusion.
//!
//! Data flows one way: input (files, stdin, later the crawler) becomes a
//! [`page::Page`]; the rule [`catalogue`] runs its checks over each page (and site
//! checks over small per-page facts); the checks produce [`finding::Finding`]s; and
//! the [`report`] module renders an [`audit::AuditReport`] in each output format.
//! Nothing in the library prints: the CLI decides what goes to stdout and stderr.

pub mod act;
pub mod archive;
pub mod aria;
pub mod audit;
pub mod baseline;
pub mod catalogue;
pub mod checks;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crawl;
pub mod diff;
pub mod error;
pub mod explain;
pub mod finding;
pub mod fuzzing;
pub mod guide;
pub mod input;
pub mod page;
pub mod phone;
pub mod policy;
pub mod prose;
pub mod readability;
pub mod render;
pub mod report;
pub mod rule;
pub mod selection;
pub mod stylesheets;
pub mod wcag;
pub mod weight;
pub mod wording;
pub mod write;
