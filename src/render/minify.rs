//! Theme JavaScript minified on its way into `site/`: the search scripts are
//! downloaded by every cold search, on phones, so their comments and long names
//! cost residents on every first query (38 KB → 19 KB for the default theme).
//!
//! A file with `import`/`export` is a module: its top-level names are mangled
//! too. Any other file is a classic script whose top-level names are globals
//! (an inline handler may call them), so those are kept.

use oxc::allocator::Allocator;
use oxc::codegen::{Codegen, CodegenOptions};
use oxc::minifier::{Minifier, MinifierOptions};
use oxc::parser::Parser;
use oxc::span::SourceType;

/// A syntax error in a script: 1-based line and the parser's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub message: String,
}

/// Whether an asset path is JavaScript that should be minified.
pub fn is_script(path: &str) -> bool {
    path.ends_with(".js") || path.ends_with(".mjs")
}

/// The minified form of `source`, or the first syntax error in it.
pub fn minify_js(source: &str) -> Result<String, ScriptError> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::unambiguous()).parse();
    if let Some(first) = parsed.diagnostics.first() {
        let offset = first
            .labels
            .first()
            .map(|l| l.offset() as usize)
            .unwrap_or(0);
        return Err(ScriptError {
            line: line_of(source, offset),
            message: first.message.to_string(),
        });
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions::default()).minify(&allocator, &mut program);
    let code = Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code;
    Ok(code)
}

fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_shrinks_and_keeps_its_exports_and_chinese_strings() {
        let src = "// 说明：长注释会被删掉\n\
                   import { units } from \"./tokenizer.js\";\n\
                   const longLocalName = \"没有找到相关结果\";\n\
                   export function describe(resultCount) {\n\
                     return resultCount === 0 ? longLocalName : `共 ${resultCount} 条` + units.length;\n\
                   }\n";
        let out = minify_js(src).unwrap();
        assert!(out.len() < src.len(), "{out}");
        assert!(out.contains("export"), "{out}");
        assert!(out.contains("describe"), "export name kept: {out}");
        assert!(out.contains("./tokenizer.js"), "{out}");
        assert!(out.contains("没有找到相关结果"), "{out}");
        assert!(
            !out.contains("longLocalName"),
            "module locals mangled: {out}"
        );
        assert!(!out.contains("说明"), "comments dropped: {out}");
    }

    #[test]
    fn a_classic_script_keeps_its_global_names() {
        let src =
            "function toggleElderMode(button) {\n  document.body.classList.toggle('elder');\n}\n";
        let out = minify_js(src).unwrap();
        assert!(out.contains("toggleElderMode"), "{out}");
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let err = minify_js("const a = 1;\nconst b = ;\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        assert!(!err.message.is_empty());
    }

    #[test]
    fn the_default_theme_scripts_all_minify() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            let path = entry.path().to_string_lossy().into_owned();
            if !is_script(&path) {
                continue;
            }
            let src = std::fs::read_to_string(entry.path()).unwrap();
            let out =
                minify_js(&src).unwrap_or_else(|e| panic!("{path}:{}: {}", e.line, e.message));
            assert!(out.len() < src.len(), "{path}");
        }
    }
}
