//! Word documents in: `xxgk import` reads a `.docx` laid out as a 公文 (GB/T 9704-2012)
//! and writes a Markdown document with its fields, body, images and the original as
//! the WORD download.
//!
//! `read` takes the paragraphs, tables and images out of the package; `recognise`
//! finds the 公文's parts in its lines (pure functions); `body` writes the Markdown;
//! `import` puts a portal document together.
//!
//! Downloads out: `downloads` gives a 规范性文件 without a WORD or PDF version the
//! missing ones, made by `write` (docx-rs) and `typeset` (typst), cached by hash.

pub mod body;
pub mod import;
pub mod read;
pub mod recognise;

pub use import::{Imported, Outcome, import, summary};
