//! Creating things for editors: a new portal (`xxgk init`) and a new document
//! (`xxgk new`).

mod init;
mod new_document;

pub use init::{STANDARD_COLUMNS, init};
pub use new_document::{NewDocument, find_column_for, new_document, next_index_no};

#[derive(Debug)]
pub struct ScaffoldError(pub String);

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
