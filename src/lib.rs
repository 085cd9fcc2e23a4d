//! xxgk: a static site generator for the 政府信息公开专栏.
//!
//! Data flows one way: [`load`] (walk, parse, validate into an immutable
//! [`model::Portal`]) → [`check`] → [`render`] (one parallel pass of jobs) → index →
//! [`output`] (a staging folder swapped in at the end). [`build`] runs the pipeline.

// The build allocates millions of small strings (pages, tokens, shard
// entries) from several threads; glibc's allocator spent a fifth of the build
// in malloc/free. Set here so the binary, tests and benchmarks measure alike.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod amount;
pub mod build;
pub mod calendar;
pub mod check;
pub mod config;
pub mod confinement;
pub mod corpus;
pub mod dates;
pub mod diagnostics;
pub mod downloads;
pub mod fields;
pub mod limits;
pub mod listing;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod publication;
pub mod raw_html;
pub mod render;
pub mod routes;
pub mod rows;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sheet;
pub mod source;
pub mod visible;
pub mod word;
