//! 文号 and 索引号 as residents type them: any bracket style, any width,
//! stray spaces. The folded form is the key of the "exact match" tier.

use super::tokenizer::{fold, is_query_space};

/// Folds a 文号 or 索引号 (or a whole query) to the key compared for an exact
/// match: NFKC, ASCII lowercase, query whitespace removed, opening brackets
/// `[ ( { 【 〔 〖 〘` to `〔` and closing ones to `〕`. Returns `None` when the
/// key has no ASCII digit: every 文号 and 索引号 carries a year, and this keeps
/// a plain word query from ever being treated as a document number.
pub fn exact_key(text: &str) -> Option<String> {
    let key: String = fold(text)
        .chars()
        .filter(|c| !is_query_space(*c))
        .map(|c| match c {
            '[' | '(' | '{' | '【' | '〔' | '〖' | '〘' => '〔',
            ']' | ')' | '}' | '】' | '〕' | '〗' | '〙' => '〕',
            other => other,
        })
        .collect();
    key.chars().any(|c| c.is_ascii_digit()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_and_width_variants_share_one_key() {
        let key = exact_key("示政办〔2026〕3号").unwrap();
        assert_eq!(key, "示政办〔2026〕3号");
        for v in [
            "示政办[2026]3号",
            "示政办(2026)3号",
            "示政办（2026）3号",
            "示政办【2026】3号",
            "示政办〔２０２６〕３号",
            "示政办［２０２６］３号",
            "示政办﹝2026﹞3号",
            " 示政办 〔2026〕 3号 ",
        ] {
            assert_eq!(exact_key(v).as_deref(), Some(key.as_str()), "{v}");
        }
        assert_ne!(exact_key("示政办〔2026〕13号").unwrap(), key);
    }

    #[test]
    fn index_number_is_case_and_width_folded() {
        assert_eq!(
            exact_key("11990000ＭＢ0123456x/2026-00003"),
            exact_key("11990000MB0123456X/2026-00003")
        );
    }

    #[test]
    fn words_without_digits_have_no_key() {
        assert_eq!(exact_key("就业补贴"), None);
        assert_eq!(exact_key(""), None);
    }
}
