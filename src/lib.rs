//! xxgk: a static site generator for the 政府信息公开专栏.
//!
//! Data flows one way: [`load`] (walk, parse, validate into an immutable
//! [`model::Portal`]) → check → [`render`] (one parallel pass of jobs) → index →
//! [`output`] (a staging folder swapped in at the end). [`build`] runs the pipeline.

pub mod build;
pub mod calendar;
pub mod config;
pub mod corpus;
pub mod dates;
pub mod diagnostics;
pub mod fields;
pub mod listing;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod source;
