//! What a resident sees and copies from a published page, as rows of cells.
